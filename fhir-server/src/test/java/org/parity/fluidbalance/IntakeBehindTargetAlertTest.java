package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.fluidbalance.AlertCharts.ADMITTED;
import static org.parity.fluidbalance.AlertCharts.DAY;
import static org.parity.fluidbalance.AlertCharts.DAY_END;
import static org.parity.fluidbalance.AlertCharts.alert;
import static org.parity.fluidbalance.AlertCharts.day;
import static org.parity.fluidbalance.FluidBalanceTest.local;
import static org.parity.fluidbalance.FluidEntry.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Intake-behind-target alert, hand-worked with the default settings unless stated. */
class IntakeBehindTargetAlertTest {
  // 2000 mL/24 h: 13:00 expects 500 mL (alert below 375), 19:00 expects 1000 (below 750),
  // 07:00 (end of day) expects 2000 (below 1500)

  private final PatientContext target2000 = new PatientContext(ADMITTED, null, 2000.0);

  @Test
  void marginBoundaryAtThirteenHundred() {
    Instant now = local("2026-03-10T13:30");
    DaySummary atMargin = day(DAY, target2000, now, List.of(intake("a", local("2026-03-10T08:00"), 375)));
    assertThat(alert(atMargin, Alert.INTAKE_BEHIND_TARGET)).isEmpty();

    DaySummary below = day(DAY, target2000, now, List.of(intake("a", local("2026-03-10T08:00"), 374.9)));
    assertThat(alert(below, Alert.INTAKE_BEHIND_TARGET)).get().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Alert.WARNING);
      assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T13:00"));
      assertThat(a.message()).contains("Intake 374.9 mL by 13:00", "expected 500 mL", "2000 mL/24 h",
          "375 mL", "25% margin");
    });
  }

  @Test
  void intakeAtTheCheckTimeItselfCountsForTheNextCheck() {
    // 300 mL before 13:00 + 100 mL at 13:00:00 exactly: the 13:00 check sees 300 mL (< 375)
    DaySummary s = day(DAY, target2000, local("2026-03-10T13:30"), List.of(
        intake("a", local("2026-03-10T08:00"), 300), intake("b", local("2026-03-10T13:00"), 100)));
    assertThat(alert(s, Alert.INTAKE_BEHIND_TARGET)).get()
        .satisfies(a -> assertThat(a.message()).contains("Intake 300 mL by 13:00"));
  }

  @Test
  void nineteenHundredCheckAndNotBeforeItIsDue() {
    List<FluidEntry> entries = List.of(
        intake("a", local("2026-03-10T08:00"), 400), // 13:00: 400 >= 375
        intake("b", local("2026-03-10T15:00"), 300)); // 19:00: 700 < 750
    assertThat(alert(day(DAY, target2000, local("2026-03-10T18:59"), entries), Alert.INTAKE_BEHIND_TARGET))
        .isEmpty();
    assertThat(alert(day(DAY, target2000, local("2026-03-10T19:00"), entries), Alert.INTAKE_BEHIND_TARGET))
        .get().satisfies(a -> {
          assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T19:00"));
          assertThat(a.message()).contains("Intake 700 mL by 19:00", "expected 1000 mL", "2000 mL/24 h");
        });
  }

  @Test
  void checkTimeEqualToDayStartIsTheEndOfTheDay() {
    List<FluidEntry> entries = List.of(
        intake("a", local("2026-03-10T08:00"), 800), // 13:00 and 19:00 fine
        intake("b", local("2026-03-11T06:59"), 699)); // 1499 < 1500 at the end of the day
    DaySummary s = day(DAY, target2000, DAY_END, entries);
    assertThat(alert(s, Alert.INTAKE_BEHIND_TARGET)).get().satisfies(a -> {
      assertThat(a.at().toInstant()).isEqualTo(DAY_END);
      assertThat(a.message()).contains("1499 mL by 07:00 on 11-Mar-2026", "expected 2000 mL");
    });
    DaySummary met = day(DAY, target2000, DAY_END, List.of(
        intake("a", local("2026-03-10T08:00"), 800), intake("b", local("2026-03-11T06:59"), 700)));
    assertThat(alert(met, Alert.INTAKE_BEHIND_TARGET)).isEmpty();
    // the day-end check is not due until the day has ended
    assertThat(alert(day(DAY, target2000, DAY_END.minusSeconds(1), entries), Alert.INTAKE_BEHIND_TARGET)).isEmpty();
  }

  @Test
  void shortDayIsProRataOver23Hours() {
    // chart day 28 March 2026 is 23 h: at 13:00, 2300 x 6/23 = 600 mL expected, alert below 450 mL
    LocalDate shortDay = LocalDate.of(2026, 3, 28);
    PatientContext p = new PatientContext(ADMITTED, null, 2300.0);
    Instant now = local("2026-03-28T13:00");
    assertThat(alert(day(shortDay, p, now, List.of(intake("a", local("2026-03-28T08:00"), 450))),
        Alert.INTAKE_BEHIND_TARGET)).isEmpty();
    assertThat(alert(day(shortDay, p, now, List.of(intake("a", local("2026-03-28T08:00"), 449))),
        Alert.INTAKE_BEHIND_TARGET)).get()
        .satisfies(a -> assertThat(a.message()).contains("expected 600 mL", "6 of 23 h"));
  }

  @Test
  void admissionDayIsProRataFromAdmission() {
    // admitted 12:00, 2400 mL/24 h: at 13:00 expect 2400 x 1/24 = 100 mL, alert below 75 mL
    PatientContext p = new PatientContext(local("2026-03-10T12:00"), null, 2400.0);
    Instant now = local("2026-03-10T13:30");
    assertThat(alert(day(DAY, p, now, List.of(intake("a", local("2026-03-10T12:10"), 80))),
        Alert.INTAKE_BEHIND_TARGET)).isEmpty();
    assertThat(alert(day(DAY, p, now, List.of(intake("a", local("2026-03-10T12:10"), 74))),
        Alert.INTAKE_BEHIND_TARGET)).get()
        .satisfies(a -> assertThat(a.message()).contains("expected 100 mL"));
  }

  @Test
  void checkTimesBeforeAdmissionAreSkipped() {
    PatientContext p = new PatientContext(local("2026-03-10T14:00"), null, 2000.0);
    assertThat(alert(day(DAY, p, local("2026-03-10T18:00"), List.of()), Alert.INTAKE_BEHIND_TARGET)).isEmpty();
  }

  @Test
  void noTargetNoAlert() {
    PatientContext p = new PatientContext(ADMITTED, 70.0, null);
    assertThat(alert(day(DAY, p, DAY_END, List.of()), Alert.INTAKE_BEHIND_TARGET)).isEmpty();
  }

  @Test
  void onlyTheFirstCheckThatTriggersIsReported() {
    DaySummary s = day(DAY, target2000, DAY_END, List.of());
    assertThat(alert(s, Alert.INTAKE_BEHIND_TARGET)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T13:00")));
  }

  @Test
  void customCheckTimesAndMargin() {
    AlertSettings settings = new AlertSettings(0.5, 6, List.of(LocalTime.of(10, 0)), 0, 8);
    // 10:00: 2400 x 3/24 = 300 mL expected, no margin
    List<FluidEntry> entries = List.of(intake("a", local("2026-03-10T08:00"), 299.9));
    DaySummary s = FluidBalance.summarise(entries, DAY, DAY, new PatientContext(ADMITTED, null, 2400.0),
        ChartSettings.defaults(), settings, DAY_END).get(0);
    assertThat(alert(s, Alert.INTAKE_BEHIND_TARGET)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T10:00")));
  }
}
