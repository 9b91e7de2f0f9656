package org.parity.fluidbalance;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Food and fluid chart settings (prefix {@code parity.fluid-balance}), explained in docs/configuration.md.
 *
 * @param dayStart local time a chart day starts (Europe/London)
 * @param maxEntryMl the largest plausible volume for one entry
 * @param futureTolerance how far in the future an entry's time may be (clock drift between devices)
 * @param oliguriaMlPerKgPerHour urine threshold (NICE CG169: 0.5 mL/kg/h)
 * @param oliguriaHours hours below threshold before the alert (NICE CG169: more than 6 h)
 * @param intakeCheckTimes local times at which intake is compared with the target
 * @param intakeMargin fraction below the pro-rata target that raises the alert
 * @param noOutputHours hours without any output that raise the alert
 * @param wardDayStart chart-day start for particular wards, by the ward's ODS site code (local policy)
 */
@ConfigurationProperties("parity.fluid-balance")
public record FluidBalanceSettings(
    @DefaultValue("07:00") LocalTime dayStart,
    @DefaultValue("5000") double maxEntryMl,
    @DefaultValue("5m") Duration futureTolerance,
    @DefaultValue("0.5") double oliguriaMlPerKgPerHour,
    @DefaultValue("6") int oliguriaHours,
    @DefaultValue({"13:00", "19:00", "07:00"}) List<LocalTime> intakeCheckTimes,
    @DefaultValue("0.25") double intakeMargin,
    @DefaultValue("8") int noOutputHours,
    Map<String, LocalTime> wardDayStart) {

  public static final ZoneId LONDON = ZoneId.of("Europe/London");

  public ChartSettings chart() {
    return new ChartSettings(dayStart, LONDON);
  }

  /** The chart-day settings of a ward: its own start time if configured, else the default. */
  public ChartSettings chart(String wardSiteCode) {
    LocalTime start = wardDayStart == null || wardSiteCode == null ? null : wardDayStart.get(wardSiteCode);
    return new ChartSettings(start == null ? dayStart : start, LONDON);
  }

  public AlertSettings alerts() {
    return new AlertSettings(oliguriaMlPerKgPerHour, oliguriaHours, intakeCheckTimes, intakeMargin, noOutputHours);
  }
}
