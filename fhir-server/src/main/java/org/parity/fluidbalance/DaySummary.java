package org.parity.fluidbalance;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Totals, hourly rows and alerts for one chart day {@code [start, end)}. All volumes are in mL and count
 * measured entries only; entered-in-error entries are excluded.
 *
 * @param date the chart day: the local date on which it starts
 * @param hours elapsed hours from start to end: 23, 24 or 25 in Europe/London
 * @param balance intake - output
 * @param cumulativeBalance balance of every entry from admission up to the end of this day
 * @param unmeasuredOutputs outputs passed but not measured on this day
 * @param alerts in order of {@code at}
 */
public record DaySummary(
    LocalDate date,
    ZonedDateTime start,
    ZonedDateTime end,
    int hours,
    double intake,
    double output,
    double balance,
    double cumulativeBalance,
    int unmeasuredOutputs,
    List<HourRow> hourRows,
    List<Alert> alerts) {

  public DaySummary {
    hourRows = List.copyOf(hourRows);
    alerts = List.copyOf(alerts);
  }
}
