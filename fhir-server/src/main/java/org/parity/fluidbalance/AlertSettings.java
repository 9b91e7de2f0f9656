package org.parity.fluidbalance;

import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * Thresholds for the fluid-balance alerts (settings {@code parity.fluid-balance.*}).
 *
 * @param oliguriaMlPerKgPerHour urine output rate below which oliguria is flagged
 * @param oliguriaHours length of the oliguria window in hours
 * @param intakeCheckTimes local clock times at which intake is compared with the pro-rata target; a time
 *     equal to the chart day start means the end of the chart day
 * @param intakeMargin fraction (0 to <1) by which intake may fall below the pro-rata target before alerting
 * @param noOutputHours hours without any output (measured or not) before alerting
 */
public record AlertSettings(
    double oliguriaMlPerKgPerHour,
    int oliguriaHours,
    List<LocalTime> intakeCheckTimes,
    double intakeMargin,
    int noOutputHours) {

  public AlertSettings {
    if (!(oliguriaMlPerKgPerHour > 0) || Double.isInfinite(oliguriaMlPerKgPerHour)) {
      throw new IllegalArgumentException(
          "oliguria-ml-per-kg-per-hour must be a positive number (got " + oliguriaMlPerKgPerHour + ")");
    }
    if (oliguriaHours < 1) {
      throw new IllegalArgumentException("oliguria-hours must be at least 1 (got " + oliguriaHours + ")");
    }
    Objects.requireNonNull(intakeCheckTimes, "intakeCheckTimes");
    intakeCheckTimes = List.copyOf(intakeCheckTimes);
    if (!(intakeMargin >= 0 && intakeMargin < 1)) {
      throw new IllegalArgumentException("intake-margin must be >= 0 and < 1 (got " + intakeMargin + ")");
    }
    if (noOutputHours < 1) {
      throw new IllegalArgumentException("no-output-hours must be at least 1 (got " + noOutputHours + ")");
    }
  }

  /** 0.5 mL/kg/h over 6 h; checks at 13:00, 19:00 and 07:00 with a 25 % margin; 8 h without output. */
  public static AlertSettings defaults() {
    return new AlertSettings(
        // NICE CG169 (clinical-reference §3.1): urine output < 0.5 mL/kg/h for > 6 h (AKI detection)
        0.5,
        6,
        // Parity local rule (no national intake-check standard found, clinical-reference §3.1): configurable
        List.of(LocalTime.of(13, 0), LocalTime.of(19, 0), LocalTime.of(7, 0)),
        0.25,
        // Parity local rule (no national no-output threshold found): configurable
        8);
  }
}
