package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartDaysTest {

  private static final ChartSettings DEFAULT = ChartSettings.defaults();

  private static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(ChartSettings.LONDON).toInstant();
  }

  private static OffsetDateTime odt(ZonedDateTime z) {
    return z.toOffsetDateTime();
  }

  @Test
  void defaultsAreSevenOClockLondon() {
    assertThat(DEFAULT.dayStart()).isEqualTo(LocalTime.of(7, 0));
    assertThat(DEFAULT.zone().getId()).isEqualTo("Europe/London");
  }

  @Test
  void plainWinterDayIs24HourlyRowsFromSevenToSeven() {
    LocalDate day = LocalDate.of(2026, 3, 10);
    assertThat(odt(ChartDays.start(day, DEFAULT))).isEqualTo(OffsetDateTime.parse("2026-03-10T07:00Z"));
    assertThat(odt(ChartDays.end(day, DEFAULT))).isEqualTo(OffsetDateTime.parse("2026-03-11T07:00Z"));
    assertThat(ChartDays.hours(day, DEFAULT)).isEqualTo(24);
    List<HourRow> rows = ChartDays.emptyHours(day, DEFAULT);
    assertThat(rows).hasSize(24);
    assertThat(odt(rows.get(0).start())).isEqualTo(OffsetDateTime.parse("2026-03-10T07:00Z"));
    assertThat(odt(rows.get(0).end())).isEqualTo(OffsetDateTime.parse("2026-03-10T08:00Z"));
    assertThat(odt(rows.get(23).start())).isEqualTo(OffsetDateTime.parse("2026-03-11T06:00Z"));
    assertThat(rows.get(23).end()).isEqualTo(ChartDays.end(day, DEFAULT));
    assertThat(rows).allSatisfy(r -> assertThat(r.balance()).isZero());
  }

  @Test
  void summerDayUsesBritishSummerTime() {
    LocalDate day = LocalDate.of(2026, 7, 1);
    assertThat(odt(ChartDays.start(day, DEFAULT))).isEqualTo(OffsetDateTime.parse("2026-07-01T07:00+01:00"));
    assertThat(ChartDays.hours(day, DEFAULT)).isEqualTo(24);
  }

  @Test
  void sevenOClockBelongsToTheNewDayAndOneMinuteBeforeToThePrevious() {
    assertThat(ChartDays.chartDayOf(local("2026-03-10T07:00"), DEFAULT)).isEqualTo(LocalDate.of(2026, 3, 10));
    assertThat(ChartDays.chartDayOf(local("2026-03-10T06:59"), DEFAULT)).isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(ChartDays.chartDayOf(local("2026-03-10T06:59:59.999"), DEFAULT))
        .isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(ChartDays.chartDayOf(local("2026-03-10T00:30"), DEFAULT)).isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(ChartDays.chartDayOf(local("2026-03-10T23:59"), DEFAULT)).isEqualTo(LocalDate.of(2026, 3, 10));
  }

  @Test
  void springForwardChartDayHas23Rows() {
    // Clocks go forward at 01:00 GMT on Sunday 29 March 2026. With a 07:00 start, the chart day that contains
    // the change is the one that starts on Saturday 28 March (07:00 GMT) and ends 07:00 BST on the Sunday.
    LocalDate day = LocalDate.of(2026, 3, 28);
    assertThat(odt(ChartDays.start(day, DEFAULT))).isEqualTo(OffsetDateTime.parse("2026-03-28T07:00Z"));
    assertThat(odt(ChartDays.end(day, DEFAULT))).isEqualTo(OffsetDateTime.parse("2026-03-29T07:00+01:00"));
    assertThat(ChartDays.hours(day, DEFAULT)).isEqualTo(23);
    List<HourRow> rows = ChartDays.emptyHours(day, DEFAULT);
    assertThat(rows).hasSize(23);
    // rows 0-16 are 07:00..23:00 GMT; row 17 starts 00:00 GMT and ends 02:00 BST (one elapsed hour)
    assertThat(odt(rows.get(17).start())).isEqualTo(OffsetDateTime.parse("2026-03-29T00:00Z"));
    assertThat(odt(rows.get(17).end())).isEqualTo(OffsetDateTime.parse("2026-03-29T02:00+01:00"));
    assertThat(odt(rows.get(18).start())).isEqualTo(OffsetDateTime.parse("2026-03-29T02:00+01:00"));
    assertThat(rows.get(22).end()).isEqualTo(ChartDays.end(day, DEFAULT));
    // The Sunday's own chart day is BST at both ends: 24 h.
    assertThat(ChartDays.hours(LocalDate.of(2026, 3, 29), DEFAULT)).isEqualTo(24);
    assertThat(ChartDays.chartDayOf(OffsetDateTime.parse("2026-03-29T06:59+01:00").toInstant(), DEFAULT))
        .isEqualTo(day);
    assertThat(ChartDays.chartDayOf(OffsetDateTime.parse("2026-03-29T07:00+01:00").toInstant(), DEFAULT))
        .isEqualTo(LocalDate.of(2026, 3, 29));
  }

  @Test
  void fallBackChartDayHas25RowsWithTheOneOClockHourTwice() {
    // Clocks go back at 02:00 BST on Sunday 25 October 2026: the chart day starting Saturday 24 October.
    LocalDate day = LocalDate.of(2026, 10, 24);
    assertThat(odt(ChartDays.start(day, DEFAULT))).isEqualTo(OffsetDateTime.parse("2026-10-24T07:00+01:00"));
    assertThat(odt(ChartDays.end(day, DEFAULT))).isEqualTo(OffsetDateTime.parse("2026-10-25T07:00Z"));
    assertThat(ChartDays.hours(day, DEFAULT)).isEqualTo(25);
    List<HourRow> rows = ChartDays.emptyHours(day, DEFAULT);
    assertThat(rows).hasSize(25);
    assertThat(odt(rows.get(18).start())).isEqualTo(OffsetDateTime.parse("2026-10-25T01:00+01:00"));
    assertThat(odt(rows.get(19).start())).isEqualTo(OffsetDateTime.parse("2026-10-25T01:00Z"));
    assertThat(rows.get(18).start().toLocalTime()).isEqualTo(rows.get(19).start().toLocalTime());
    assertThat(rows.get(18).start().getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    assertThat(rows.get(19).start().getOffset()).isEqualTo(ZoneOffset.UTC);
    assertThat(ChartDays.hours(LocalDate.of(2026, 10, 25), DEFAULT)).isEqualTo(24);
  }

  @Test
  void midnightStartPutsThe23And25HourDaysOnTheSundays() {
    ChartSettings midnight = new ChartSettings(LocalTime.MIDNIGHT, ChartSettings.LONDON);
    assertThat(ChartDays.hours(LocalDate.of(2026, 3, 29), midnight)).isEqualTo(23);
    assertThat(ChartDays.emptyHours(LocalDate.of(2026, 3, 29), midnight)).hasSize(23);
    assertThat(ChartDays.hours(LocalDate.of(2026, 10, 25), midnight)).isEqualTo(25);
    assertThat(ChartDays.hours(LocalDate.of(2026, 3, 28), midnight)).isEqualTo(24);
  }

  @Test
  void dayStartInTheSpringGapMovesLaterByTheGap() {
    // 01:30 does not exist on 29 March 2026: ZonedDateTime moves it forward one hour to 02:30 BST.
    ChartSettings s = new ChartSettings(LocalTime.of(1, 30), ChartSettings.LONDON);
    assertThat(odt(ChartDays.start(LocalDate.of(2026, 3, 29), s)))
        .isEqualTo(OffsetDateTime.parse("2026-03-29T02:30+01:00"));
    assertThat(ChartDays.end(LocalDate.of(2026, 3, 28), s)).isEqualTo(ChartDays.start(LocalDate.of(2026, 3, 29), s));
    assertThat(ChartDays.hours(LocalDate.of(2026, 3, 28), s)).isEqualTo(24);
    assertThat(ChartDays.hours(LocalDate.of(2026, 3, 29), s)).isEqualTo(23);
    assertThat(ChartDays.emptyHours(LocalDate.of(2026, 3, 29), s)).hasSize(23);
    assertThat(ChartDays.chartDayOf(OffsetDateTime.parse("2026-03-29T01:29Z").toInstant(), s))
        .isEqualTo(LocalDate.of(2026, 3, 28));
    assertThat(ChartDays.chartDayOf(OffsetDateTime.parse("2026-03-29T01:30Z").toInstant(), s))
        .isEqualTo(LocalDate.of(2026, 3, 29));
  }

  @Test
  void dayStartInTheAutumnOverlapTakesTheEarlierOffset() {
    ChartSettings s = new ChartSettings(LocalTime.of(1, 30), ChartSettings.LONDON);
    assertThat(odt(ChartDays.start(LocalDate.of(2026, 10, 25), s)))
        .isEqualTo(OffsetDateTime.parse("2026-10-25T01:30+01:00"));
    assertThat(ChartDays.hours(LocalDate.of(2026, 10, 24), s)).isEqualTo(24);
    assertThat(ChartDays.hours(LocalDate.of(2026, 10, 25), s)).isEqualTo(25);
    // the second 01:45 (GMT) is inside the day that started at the first 01:30 (BST)
    assertThat(ChartDays.chartDayOf(OffsetDateTime.parse("2026-10-25T01:45Z").toInstant(), s))
        .isEqualTo(LocalDate.of(2026, 10, 25));
  }

  @Test
  void everyInstantOfAYearFallsInExactlyTheDayChartDayOfNames() {
    // consecutive days tile the time-line: each ends where the next starts (plain checks: AssertJ per day is slow)
    List<String> problems = new java.util.ArrayList<>();
    int[] lengths = new int[26];
    for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() == 2026; d = d.plusDays(1)) {
      if (!ChartDays.end(d, DEFAULT).equals(ChartDays.start(d.plusDays(1), DEFAULT))
          || !ChartDays.chartDayOf(ChartDays.start(d, DEFAULT).toInstant(), DEFAULT).equals(d)
          || !ChartDays.chartDayOf(ChartDays.end(d, DEFAULT).toInstant().minusNanos(1), DEFAULT).equals(d)
          || ChartDays.emptyHours(d, DEFAULT).size() != ChartDays.hours(d, DEFAULT)) {
        problems.add(d.toString());
      }
      lengths[ChartDays.hours(d, DEFAULT)]++;
    }
    assertThat(problems).isEmpty();
    assertThat(lengths[23]).isEqualTo(1);
    assertThat(lengths[25]).isEqualTo(1);
    assertThat(lengths[24]).isEqualTo(363);
  }
}
