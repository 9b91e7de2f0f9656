package org.parity.fluidbalance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chart-day arithmetic. A chart day is named by the local date on which it starts; it runs from the day
 * start time on that date to the day start time on the next date, so its length follows the clock: with
 * the default 07:00 start in Europe/London the chart day that contains the March clock change (the one
 * starting on the Saturday before the last Sunday of March) lasts 23 hours and the one containing the
 * October change (starting on the Saturday before the last Sunday of October) lasts 25 hours. A day start
 * before 01:00 moves those days onto the Sunday itself.
 *
 * <p>Day start in a clock change: {@link ZonedDateTime#of} rules apply. In the spring gap the local time
 * does not exist and is moved later by the length of the gap (01:30 on 29 March 2026 becomes 02:30 BST);
 * in the autumn overlap the earlier offset is used (01:30 on 25 October 2026 is 01:30 BST, not GMT).
 * Consecutive chart days still tile the time-line without gaps or overlaps, because each day ends where the
 * next one starts.
 */
public final class ChartDays {

  private ChartDays() {}

  /** The instant the chart day starts, in the chart's zone. */
  public static ZonedDateTime start(LocalDate chartDay, ChartSettings s) {
    Objects.requireNonNull(chartDay, "chartDay");
    // clinical-reference §3.1: 24-h chart period starts at a locally set time (default 07:00, Europe/London)
    return ZonedDateTime.of(chartDay, s.dayStart(), s.zone());
  }

  /** The instant the chart day ends (exclusive): the start of the next chart day. */
  public static ZonedDateTime end(LocalDate chartDay, ChartSettings s) {
    return start(chartDay.plusDays(1), s);
  }

  /** The chart day whose {@code [start, end)} contains the instant. */
  public static LocalDate chartDayOf(Instant t, ChartSettings s) {
    Objects.requireNonNull(t, "t");
    LocalDate day = t.atZone(s.zone()).toLocalDate();
    // At most one step either way; loops make it robust for zones with unusual transitions.
    while (t.isBefore(start(day, s).toInstant())) {
      day = day.minusDays(1);
    }
    while (!t.isBefore(end(day, s).toInstant())) {
      day = day.plusDays(1);
    }
    return day;
  }

  /** Elapsed whole hours from start to end: 23, 24 or 25 in Europe/London. */
  public static int hours(LocalDate chartDay, ChartSettings s) {
    return (int) Duration.between(start(chartDay, s), end(chartDay, s)).toHours();
  }

  /**
   * One empty row per elapsed hour from the day's start: 23, 24 or 25 rows. Rows step along the
   * time-line, not the wall clock, so in October the repeated 01:00 hour is two rows (01:00+01:00 and
   * 01:00Z) and in March the row starting 00:00 GMT ends at 02:00 BST. If a zone's day is not a whole
   * number of hours the last row is cut short at the day's end.
   */
  public static List<HourRow> emptyHours(LocalDate chartDay, ChartSettings s) {
    ZonedDateTime start = start(chartDay, s);
    ZonedDateTime end = end(chartDay, s);
    List<HourRow> rows = new ArrayList<>(25);
    for (ZonedDateTime t = start; t.isBefore(end); t = t.plusHours(1)) {
      ZonedDateTime next = t.plusHours(1);
      rows.add(new HourRow(t, next.isAfter(end) ? end : next, 0, 0));
    }
    return rows;
  }
}
