package org.parity.fluidbalance;

import java.math.BigDecimal;
import java.time.ZonedDateTime;

/** One clock hour of a chart day, {@code [start, end)}, with measured intake and output in mL. */
public record HourRow(ZonedDateTime start, ZonedDateTime end, double intake, double output) {

  /** Intake minus output in mL (decimal arithmetic, so 0.3 - 0.1 is 0.2). */
  public double balance() {
    // clinical-reference §3.1: balance = total intake - total output (positive: intake exceeded output)
    return BigDecimal.valueOf(intake).subtract(BigDecimal.valueOf(output)).doubleValue();
  }
}
