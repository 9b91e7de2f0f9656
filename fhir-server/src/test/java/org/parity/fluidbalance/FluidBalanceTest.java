package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parity.fluidbalance.FluidEntry.intake;
import static org.parity.fluidbalance.FluidEntry.output;
import static org.parity.fluidbalance.FluidEntry.unmeasuredOutput;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Totals, hourly rows and cumulative balance (alerts are in {@link FluidBalanceAlertsTest}). */
class FluidBalanceTest {

  private static final LocalDate DAY = LocalDate.of(2026, 3, 10); // GMT: local time = UTC
  private static final PatientContext PATIENT =
      new PatientContext(Instant.parse("2026-03-01T10:00:00Z"), null, null);
  private static final Instant LATER = Instant.parse("2027-01-01T00:00:00Z");

  static Instant local(String dateTime) {
    return LocalDateTime.parse(dateTime).atZone(ChartSettings.LONDON).toInstant();
  }

  static Instant offset(String dateTime) {
    return OffsetDateTime.parse(dateTime).toInstant();
  }

  private static List<DaySummary> summarise(LocalDate from, LocalDate to, PatientContext patient,
      List<FluidEntry> entries) {
    return FluidBalance.summarise(entries, from, to, patient, ChartSettings.defaults(), AlertSettings.defaults(),
        LATER);
  }

  private static DaySummary one(LocalDate day, FluidEntry... entries) {
    return summarise(day, day, PATIENT, List.of(entries)).get(0);
  }

  @Test
  void plainDayTotalsAndHourlyRows() {
    DaySummary s = one(DAY,
        intake("prev", local("2026-03-10T06:59"), 200), // previous chart day
        intake("a", local("2026-03-10T07:00"), 250), // first minute of the day
        intake("b", local("2026-03-10T09:30"), 150.5),
        output("c", local("2026-03-10T10:15"), 300, "urine"),
        intake("d", local("2026-03-10T11:00"), 0.1),
        intake("e", local("2026-03-10T11:05"), 0.2),
        output("f", local("2026-03-11T06:59"), 100, "vomit"), // last minute of the day
        intake("next", local("2026-03-11T07:00"), 500)); // next chart day

    assertThat(s.date()).isEqualTo(DAY);
    assertThat(s.start().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-03-10T07:00Z"));
    assertThat(s.end().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-03-11T07:00Z"));
    assertThat(s.hours()).isEqualTo(24);
    // 250 + 150.5 + 0.1 + 0.2 = 400.8; 300 + 100 = 400; 400.8 - 400 = 0.8 (decimal arithmetic, no 0.30000000000000004)
    assertThat(s.intake()).isEqualTo(400.8);
    assertThat(s.output()).isEqualTo(400.0);
    assertThat(s.balance()).isEqualTo(0.8);
    assertThat(s.unmeasuredOutputs()).isZero();
    assertThat(s.hourRows()).hasSize(24);
    assertThat(s.hourRows().get(0).intake()).isEqualTo(250.0); // 07:00 row
    assertThat(s.hourRows().get(1).intake()).isZero(); // 08:00 row
    assertThat(s.hourRows().get(2).intake()).isEqualTo(150.5); // 09:00 row
    assertThat(s.hourRows().get(3).output()).isEqualTo(300.0); // 10:00 row
    assertThat(s.hourRows().get(3).balance()).isEqualTo(-300.0);
    assertThat(s.hourRows().get(4).intake()).isEqualTo(0.3); // 11:00 row: 0.1 + 0.2
    assertThat(s.hourRows().get(23).output()).isEqualTo(100.0); // 06:00 row
    assertThat(s.hourRows().stream().mapToDouble(HourRow::intake).sum()).isEqualTo(400.8);
    assertThat(s.alerts()).extracting(Alert::code).doesNotContain(Alert.INCOMPLETE_BALANCE, Alert.OLIGURIA,
        Alert.INTAKE_BEHIND_TARGET);
  }

  @Test
  void springForwardDayRowsHoldEntriesEitherSideOfTheChange() {
    LocalDate day = LocalDate.of(2026, 3, 28);
    DaySummary s = one(day,
        intake("a", offset("2026-03-29T00:30Z"), 100), // 00:30 GMT: row 00:00 GMT - 02:00 BST
        intake("b", offset("2026-03-29T02:30+01:00"), 200), // 02:30 BST: next row
        output("c", offset("2026-03-29T06:59+01:00"), 50, "urine"), // last row
        intake("d", offset("2026-03-29T07:00+01:00"), 999)); // next chart day
    assertThat(s.hours()).isEqualTo(23);
    assertThat(s.hourRows()).hasSize(23);
    assertThat(s.hourRows().get(17).intake()).isEqualTo(100.0);
    assertThat(s.hourRows().get(18).intake()).isEqualTo(200.0);
    assertThat(s.hourRows().get(22).output()).isEqualTo(50.0);
    assertThat(s.intake()).isEqualTo(300.0);
    assertThat(s.balance()).isEqualTo(250.0);
  }

  @Test
  void fallBackDayKeepsTheTwoOneOClockHoursApart() {
    LocalDate day = LocalDate.of(2026, 10, 24);
    DaySummary s = one(day,
        intake("bst", offset("2026-10-25T01:30+01:00"), 100), // first 01:30 (BST)
        intake("gmt", offset("2026-10-25T01:30Z"), 200), // second 01:30 (GMT), one hour later
        output("u", offset("2026-10-25T01:59Z"), 75, "urine"),
        intake("last", offset("2026-10-25T06:59Z"), 10));
    assertThat(s.hours()).isEqualTo(25);
    assertThat(s.hourRows()).hasSize(25);
    HourRow firstOne = s.hourRows().get(18);
    HourRow secondOne = s.hourRows().get(19);
    assertThat(firstOne.start().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-10-25T01:00+01:00"));
    assertThat(secondOne.start().toOffsetDateTime()).isEqualTo(OffsetDateTime.parse("2026-10-25T01:00Z"));
    assertThat(firstOne.intake()).isEqualTo(100.0);
    assertThat(firstOne.output()).isZero();
    assertThat(secondOne.intake()).isEqualTo(200.0);
    assertThat(secondOne.output()).isEqualTo(75.0);
    assertThat(s.hourRows().get(24).intake()).isEqualTo(10.0);
    assertThat(s.intake()).isEqualTo(310.0);
    assertThat(s.balance()).isEqualTo(235.0);
  }

  @Test
  void enteredInErrorEntriesAreIgnoredEverywhere() {
    Instant admitted = local("2026-03-10T08:00");
    PatientContext patient = new PatientContext(admitted, 70.0, null);
    List<FluidEntry> entries = List.of(
        intake("a", local("2026-03-10T09:00"), 500),
        output("b", local("2026-03-10T10:00"), 200, "urine"),
        intake("x1", local("2026-03-10T09:30"), 1000).markedEnteredInError(),
        output("x2", local("2026-03-10T12:00"), 400, "urine").markedEnteredInError(),
        unmeasuredOutput("x3", local("2026-03-10T13:00"), "urine").markedEnteredInError());
    DaySummary s = summarise(DAY, DAY, patient, entries).get(0);
    assertThat(s.intake()).isEqualTo(500.0);
    assertThat(s.output()).isEqualTo(200.0);
    assertThat(s.balance()).isEqualTo(300.0);
    assertThat(s.cumulativeBalance()).isEqualTo(300.0);
    assertThat(s.unmeasuredOutputs()).isZero();
    assertThat(s.hourRows().get(2).intake()).isEqualTo(500.0);
    assertThat(s.hourRows().get(5).output()).isZero();
    assertThat(s.alerts()).extracting(Alert::code).doesNotContain(Alert.INCOMPLETE_BALANCE);
    // the erroneous 12:00 output does not interrupt the no-output gap from 10:00: alert at 18:00
    assertThat(s.alerts()).filteredOn(a -> a.code().equals(Alert.NO_OUTPUT)).singleElement()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T18:00")));
  }

  @Test
  void unmeasuredOutputsAreCountedButNotAddedAndMakeTheBalanceIncomplete() {
    DaySummary s = one(DAY,
        intake("a", local("2026-03-10T08:00"), 400),
        output("b", local("2026-03-10T09:00"), 150, "urine"),
        unmeasuredOutput("c", local("2026-03-10T10:20"), "urine"),
        unmeasuredOutput("d", local("2026-03-10T14:00"), "stool-stoma"));
    assertThat(s.unmeasuredOutputs()).isEqualTo(2);
    assertThat(s.output()).isEqualTo(150.0);
    assertThat(s.balance()).isEqualTo(250.0);
    assertThat(s.hourRows().get(3).output()).isZero();
    assertThat(s.alerts()).filteredOn(a -> a.code().equals(Alert.INCOMPLETE_BALANCE)).singleElement()
        .satisfies(a -> {
          assertThat(a.severity()).isEqualTo(Alert.WARNING);
          assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T10:20"));
          assertThat(a.message()).contains("2 outputs passed but not measured", "10:20");
        });
  }

  @Test
  void cumulativeBalanceRunsFromAdmissionMidDayAcrossThreeDays() {
    Instant admitted = local("2026-03-10T15:00");
    PatientContext patient = new PatientContext(admitted, null, null);
    List<FluidEntry> entries = List.of(
        intake("before-admission", local("2026-03-10T08:00"), 999), // same chart day, before admission
        intake("d1-in", local("2026-03-10T16:00"), 1000),
        output("d1-out", local("2026-03-10T18:00"), 400, "urine"),
        intake("d2-in", local("2026-03-11T09:00"), 1500),
        output("d2-out", local("2026-03-11T20:00"), 2000, "urine"),
        unmeasuredOutput("d2-unmeasured", local("2026-03-11T21:00"), "urine"),
        intake("d3-in", local("2026-03-12T12:00"), 800),
        output("d3-out", local("2026-03-13T06:59"), 200, "drain"),
        intake("d4-in", local("2026-03-13T07:00"), 5000)); // after the last day
    List<DaySummary> days = summarise(LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 12), patient, entries);
    assertThat(days).extracting(DaySummary::date).containsExactly(LocalDate.of(2026, 3, 9), DAY,
        LocalDate.of(2026, 3, 11), LocalDate.of(2026, 3, 12));
    assertThat(days.get(0).balance()).isZero();
    assertThat(days.get(0).cumulativeBalance()).isZero(); // before admission
    // day totals include every entry in the day; the cumulative balance starts at admission
    assertThat(days.get(1).balance()).isEqualTo(1599.0);
    assertThat(days.get(1).cumulativeBalance()).isEqualTo(600.0);
    assertThat(days.get(2).balance()).isEqualTo(-500.0);
    assertThat(days.get(2).cumulativeBalance()).isEqualTo(100.0);
    assertThat(days.get(3).balance()).isEqualTo(600.0);
    assertThat(days.get(3).cumulativeBalance()).isEqualTo(700.0);
  }

  @Test
  void unknownAdmissionCountsEveryEntryInTheCumulativeBalance() {
    PatientContext unknown = new PatientContext(null, null, null);
    DaySummary s = summarise(DAY, DAY, unknown, List.of(
        intake("old", local("2026-02-01T10:00"), 300),
        intake("a", local("2026-03-10T10:00"), 200))).get(0);
    assertThat(s.cumulativeBalance()).isEqualTo(500.0);
  }

  @Test
  void resultListsAreImmutable() {
    DaySummary s = one(DAY, intake("a", local("2026-03-10T08:00"), 1));
    assertThatThrownBy(() -> s.hourRows().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.alerts().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void invalidInputsAreRefused() {
    assertThatThrownBy(() -> summarise(DAY, DAY.minusDays(1), PATIENT, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> intake("a", local("2026-03-10T08:00"), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FluidEntry("a", local("2026-03-10T08:00"), FluidEntry.Kind.INTAKE, null, null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> intake("a", local("2026-03-10T08:00"), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FluidEntry("a", null, FluidEntry.Kind.INTAKE, 1.0, null, false))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PatientContext(null, 0.0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PatientContext(null, null, -5.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AlertSettings(0.5, 6, List.of(), 1.0, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AlertSettings(0.5, 0, List.of(), 0.25, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AlertSettings(0, 6, List.of(), 0.25, 8)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void alertSettingsDefaults() {
    AlertSettings d = AlertSettings.defaults();
    assertThat(d.oliguriaMlPerKgPerHour()).isEqualTo(0.5);
    assertThat(d.oliguriaHours()).isEqualTo(6);
    assertThat(d.intakeCheckTimes()).extracting(Object::toString).containsExactly("13:00", "19:00", "07:00");
    assertThat(d.intakeMargin()).isEqualTo(0.25);
    assertThat(d.noOutputHours()).isEqualTo(8);
  }
}
