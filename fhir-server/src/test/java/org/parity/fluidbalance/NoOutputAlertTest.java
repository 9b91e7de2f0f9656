package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.fluidbalance.AlertCharts.ADMITTED;
import static org.parity.fluidbalance.AlertCharts.DAY;
import static org.parity.fluidbalance.AlertCharts.DAY_END;
import static org.parity.fluidbalance.AlertCharts.alert;
import static org.parity.fluidbalance.AlertCharts.day;
import static org.parity.fluidbalance.FluidBalanceTest.local;
import static org.parity.fluidbalance.FluidEntry.intake;
import static org.parity.fluidbalance.FluidEntry.output;
import static org.parity.fluidbalance.FluidEntry.unmeasuredOutput;

import java.util.List;
import org.junit.jupiter.api.Test;

/** No-output alert, hand-worked with the default settings (8 h). */
class NoOutputAlertTest {
  private final PatientContext patient = new PatientContext(ADMITTED, null, null);

  @Test
  void gapOfMoreThanEightHoursWithinTheDay() {
    List<FluidEntry> entries = List.of(
        output("a", local("2026-03-10T06:00"), 200, "urine"), // previous chart day
        output("b", local("2026-03-10T09:00"), 200, "urine"),
        unmeasuredOutput("c", local("2026-03-10T18:00"), "urine"), // 9 h after 09:00
        output("d", local("2026-03-11T01:00"), 200, "urine"));
    DaySummary s = day(DAY, patient, DAY_END, entries);
    assertThat(alert(s, Alert.NO_OUTPUT)).get().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Alert.WARNING);
      assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T17:00"));
      assertThat(a.message()).contains("8 h", "the last output at 09:00");
    });
  }

  @Test
  void exactlyEightHoursCountsAsAGap() {
    List<FluidEntry> entries = List.of(
        output("a", local("2026-03-10T06:00"), 200, "urine"),
        output("b", local("2026-03-10T09:00"), 200, "urine"),
        output("c", local("2026-03-10T17:00"), 200, "urine"),
        output("d", local("2026-03-11T00:00"), 200, "urine"));
    assertThat(alert(day(DAY, patient, DAY_END, entries), Alert.NO_OUTPUT)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T17:00")));
    List<FluidEntry> shorter = List.of(
        output("a", local("2026-03-10T06:00"), 200, "urine"),
        output("b", local("2026-03-10T09:00"), 200, "urine"),
        output("c", local("2026-03-10T16:59"), 200, "urine"),
        output("d", local("2026-03-11T00:00"), 200, "urine"));
    assertThat(alert(day(DAY, patient, DAY_END, shorter), Alert.NO_OUTPUT)).isEmpty();
  }

  @Test
  void unmeasuredOutputsEndTheGap() {
    List<FluidEntry> entries = List.of(
        output("b", local("2026-03-10T06:00"), 200, "urine"),
        unmeasuredOutput("c", local("2026-03-10T13:00"), "urine"),
        unmeasuredOutput("d", local("2026-03-10T20:00"), "stool-stoma"),
        unmeasuredOutput("e", local("2026-03-11T03:00"), "urine"));
    assertThat(alert(day(DAY, patient, DAY_END, entries), Alert.NO_OUTPUT)).isEmpty();
  }

  @Test
  void gapSpanningTheDayStartCountsFromTheRealLastOutput() {
    // last output 05:00 (previous chart day): 8 h later is 13:00, not 15:00
    List<FluidEntry> entries = List.of(
        output("a", local("2026-03-10T05:00"), 200, "urine"),
        output("b", local("2026-03-10T14:00"), 200, "urine"),
        output("c", local("2026-03-10T20:00"), 200, "urine"),
        output("d", local("2026-03-11T03:00"), 200, "urine"));
    assertThat(alert(day(DAY, patient, DAY_END, entries), Alert.NO_OUTPUT)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T13:00")));
  }

  @Test
  void gapAlreadyLongAtTheDayStartAlertsAtTheDayStart() {
    PatientContext p = new PatientContext(local("2026-03-09T12:00"), null, null);
    List<FluidEntry> entries = List.of(
        output("a0", local("2026-03-09T13:00"), 200, "urine"),
        output("a", local("2026-03-09T20:00"), 200, "urine"),
        output("b", local("2026-03-10T10:00"), 200, "urine"),
        output("c", local("2026-03-10T17:00"), 200, "urine"),
        output("d", local("2026-03-11T00:00"), 200, "urine"));
    List<DaySummary> days = FluidBalance.summarise(entries, DAY.minusDays(1), DAY, p,
        ChartSettings.defaults(), AlertSettings.defaults(), DAY_END);
    assertThat(alert(days.get(0), Alert.NO_OUTPUT)).get() // chart day 9 March: 20:00 + 8 h
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T04:00")));
    assertThat(alert(days.get(1), Alert.NO_OUTPUT)).get() // still no output when 10 March starts
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T07:00")));
  }

  @Test
  void neverAnyOutputSinceAdmissionCountsFromAdmission() {
    PatientContext p = new PatientContext(local("2026-03-10T10:00"), null, null);
    List<FluidEntry> entries = List.of(intake("a", local("2026-03-10T11:00"), 200));
    assertThat(alert(day(DAY, p, DAY_END, entries), Alert.NO_OUTPUT)).get().satisfies(a -> {
      assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T18:00"));
      assertThat(a.message()).contains("admission at 10:00");
    });
    assertThat(alert(day(DAY, p, local("2026-03-10T17:59"), entries), Alert.NO_OUTPUT)).isEmpty();
  }

  @Test
  void outputsBeforeAdmissionDoNotCount() {
    PatientContext p = new PatientContext(local("2026-03-10T10:00"), null, null);
    List<FluidEntry> entries = List.of(output("a", local("2026-03-10T09:00"), 200, "urine"));
    assertThat(alert(day(DAY, p, DAY_END, entries), Alert.NO_OUTPUT)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T18:00")));
  }

  @Test
  void daysBeforeAdmissionHaveNoAlerts() {
    PatientContext p = new PatientContext(local("2026-03-10T10:00"), 70.0, 2000.0);
    DaySummary before = day(DAY.minusDays(1), p, DAY_END, List.of());
    assertThat(before.alerts()).isEmpty();
  }
}
