package org.parity.fluidbalance;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a chart day starts and in which time zone.
 *
 * @param dayStart local clock time at which each chart day starts (and the previous one ends)
 * @param zone the ward's time zone
 */
public record ChartSettings(LocalTime dayStart, ZoneId zone) {

  public static final ZoneId LONDON = ZoneId.of("Europe/London");

  public ChartSettings {
    Objects.requireNonNull(dayStart, "dayStart");
    Objects.requireNonNull(zone, "zone");
  }

  /** 07:00 Europe/London. */
  public static ChartSettings defaults() {
    // clinical-reference §3.1: no national chart start time (local policy); HL7 CPG examples use 07:00-07:00
    return new ChartSettings(LocalTime.of(7, 0), LONDON);
  }
}
