package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.fluidbalance.AlertCharts.ADMITTED;
import static org.parity.fluidbalance.AlertCharts.DAY;
import static org.parity.fluidbalance.AlertCharts.DAY_END;
import static org.parity.fluidbalance.AlertCharts.alert;
import static org.parity.fluidbalance.AlertCharts.day;
import static org.parity.fluidbalance.AlertCharts.regularOtherOutputs;
import static org.parity.fluidbalance.FluidBalanceTest.local;
import static org.parity.fluidbalance.FluidEntry.output;
import static org.parity.fluidbalance.FluidEntry.unmeasuredOutput;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Oliguria alert, hand-worked with the default settings. */
class OliguriaAlertTest {
  // 70 kg: 0.5 mL/kg/h x 70 kg x 6 h = 210 mL in any 6-hour window

  private final PatientContext seventyKg = new PatientContext(ADMITTED, 70.0, null);

  private List<FluidEntry> urine(double lastVolume) {
    return List.of(
        output("u1", local("2026-03-10T07:00"), 60, "urine"),
        output("u2", local("2026-03-10T09:00"), 50, "urine"),
        output("u3", local("2026-03-10T11:00"), 50, "urine"),
        output("u4", local("2026-03-10T12:30"), lastVolume, "urine"));
  }

  @Test
  void exactlyTheThresholdDoesNotAlert() {
    // window 07:00-13:00: 60 + 50 + 50 + 50 = 210 mL = threshold, not below it
    DaySummary s = day(DAY, seventyKg, local("2026-03-10T13:00"), urine(50));
    assertThat(alert(s, Alert.OLIGURIA)).isEmpty();
  }

  @Test
  void justBelowTheThresholdAlertsAtTheSixHourMark() {
    // 60 + 50 + 50 + 49.9 = 209.9 mL < 210 mL
    DaySummary s = day(DAY, seventyKg, local("2026-03-10T13:00"), urine(49.9));
    assertThat(alert(s, Alert.OLIGURIA)).get().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Alert.URGENT);
      assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T13:00"));
      assertThat(a.message()).contains("209.9 mL", "07:00 to 13:00", "70 kg", "0.5 mL/kg/h", "210 mL", "CG169");
    });
  }

  @Test
  void decimalWeightThresholdIsExact() {
    // 0.5 x 72.3 x 6 = 216.9 mL; 108.45 + 108.45 = 216.9 mL: at the threshold, no alert
    PatientContext p = new PatientContext(ADMITTED, 72.3, null);
    List<FluidEntry> entries = List.of(
        output("u1", local("2026-03-10T07:00"), 108.45, "urine"),
        output("u2", local("2026-03-10T10:00"), 108.45, "urine"));
    assertThat(alert(day(DAY, p, local("2026-03-10T13:00"), entries), Alert.OLIGURIA)).isEmpty();
  }

  @Test
  void noWeightNoAlert() {
    PatientContext noWeight = new PatientContext(ADMITTED, null, null);
    DaySummary s = day(DAY, noWeight, DAY_END, urine(0));
    assertThat(alert(s, Alert.OLIGURIA)).isEmpty();
  }

  @Test
  void noMeasuredUrineChartedNoAlert() {
    List<FluidEntry> entries = new ArrayList<>(regularOtherOutputs(DAY));
    entries.add(unmeasuredOutput("u", local("2026-03-10T08:00"), "urine"));
    assertThat(alert(day(DAY, seventyKg, DAY_END, entries), Alert.OLIGURIA)).isEmpty();
  }

  @Test
  void unmeasuredUrineInTheWindowSuppressesIt() {
    List<FluidEntry> entries = List.of(
        output("u1", local("2026-03-10T07:00"), 10, "urine"),
        unmeasuredOutput("u2", local("2026-03-10T09:00"), "urine"));
    // windows ending 13:00-15:00 contain the 09:00 episode; now = 15:00
    assertThat(alert(day(DAY, seventyKg, local("2026-03-10T15:00"), entries), Alert.OLIGURIA)).isEmpty();
    // the first window clear of it is 10:00-16:00 (0 mL)
    assertThat(alert(day(DAY, seventyKg, DAY_END, entries), Alert.OLIGURIA)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T16:00")));
  }

  @Test
  void unmeasuredOtherOutputDoesNotSuppressIt() {
    List<FluidEntry> entries = List.of(
        output("u1", local("2026-03-10T07:00"), 10, "urine"),
        unmeasuredOutput("v", local("2026-03-10T09:00"), "vomit"));
    assertThat(alert(day(DAY, seventyKg, local("2026-03-10T13:00"), entries), Alert.OLIGURIA)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T13:00")));
  }

  @Test
  void windowsStartAtTheFirstMeasuredUrine() {
    // first measured urine 09:00, so the first window is 09:00-15:00
    List<FluidEntry> entries = List.of(output("u1", local("2026-03-10T09:00"), 5, "urine"));
    assertThat(alert(day(DAY, seventyKg, DAY_END, entries), Alert.OLIGURIA)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T15:00")));
  }

  @Test
  void windowsStartAtAdmission() {
    // urine before admission is not this admission's charting: first urine since admission 11:00
    PatientContext p = new PatientContext(local("2026-03-10T10:00"), 70.0, null);
    List<FluidEntry> entries = List.of(
        output("u0", local("2026-03-10T08:00"), 5, "urine"),
        output("u1", local("2026-03-10T11:00"), 5, "urine"));
    assertThat(alert(day(DAY, p, DAY_END, entries), Alert.OLIGURIA)).get()
        .satisfies(a -> assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T17:00")));
  }

  @Test
  void windowsLookBackIntoThePreviousDay() {
    // 03:00-07:00 on the previous chart day: 100 mL; nothing since. Window 02:00-08:00 = 100 mL < 210 mL
    List<FluidEntry> entries = List.of(
        output("u1", local("2026-03-09T20:00"), 400, "urine"),
        output("u2", local("2026-03-10T03:00"), 100, "urine"));
    DaySummary s = day(DAY, seventyKg, DAY_END, entries);
    assertThat(alert(s, Alert.OLIGURIA)).get()
        .satisfies(a -> {
          assertThat(a.at().toInstant()).isEqualTo(local("2026-03-10T08:00"));
          assertThat(a.message()).contains("02:00 to 08:00");
        });
  }

  @Test
  void notRaisedBeforeTheWindowEndsEvenIfTheResultIsCertain() {
    DaySummary s = day(DAY, seventyKg, local("2026-03-10T12:59"), urine(0));
    assertThat(alert(s, Alert.OLIGURIA)).isEmpty();
  }
}
