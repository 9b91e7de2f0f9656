package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.fluidbalance.AlertCharts.ADMITTED;
import static org.parity.fluidbalance.AlertCharts.DAY;
import static org.parity.fluidbalance.AlertCharts.DAY_END;
import static org.parity.fluidbalance.AlertCharts.day;
import static org.parity.fluidbalance.FluidBalanceTest.local;
import static org.parity.fluidbalance.FluidEntry.intake;
import static org.parity.fluidbalance.FluidEntry.output;
import static org.parity.fluidbalance.FluidEntry.unmeasuredOutput;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alerts are evaluated only up to "now", at most once per code per day, in time order. */
class FluidBalanceAlertsTest {

  @Test
  void nothingIsRaisedForThePartOfTheDayAfterNow() {
    PatientContext p = new PatientContext(ADMITTED, 70.0, 2000.0);
    List<FluidEntry> entries = List.of(
        output("a", local("2026-03-10T06:00"), 10, "urine"),
        intake("b", local("2026-03-10T08:00"), 500),
        unmeasuredOutput("c", local("2026-03-10T11:35"), "vomit")); // 5 min ahead of "now"
    Instant now = local("2026-03-10T11:30");
    DaySummary s = day(DAY, p, now, entries);
    // oliguria (window 06:00-12:00), the 13:00 intake check and the unmeasured output all lie after now
    assertThat(s.alerts()).isEmpty();
    assertThat(s.unmeasuredOutputs()).isEqualTo(1); // totals still include it
    assertThat(s.intake()).isEqualTo(500.0);
    // a whole day in the future has no alerts either
    assertThat(day(DAY.plusDays(1), p, now, List.of()).alerts()).isEmpty();
    // once the day has passed, each appears once, in time order: incomplete 11:35, oliguria 12:00
    // (10 mL in 06:00-12:00), intake 19:00 (500 < 750 mL; 500 >= 375 at 13:00), no output 11:35 + 8 h
    DaySummary later = day(DAY, p, DAY_END, entries);
    assertThat(later.alerts()).extracting(Alert::code).containsExactly(
        Alert.INCOMPLETE_BALANCE, Alert.OLIGURIA, Alert.INTAKE_BEHIND_TARGET, Alert.NO_OUTPUT);
    assertThat(later.alerts()).extracting(a -> a.at().toLocalTime()).containsExactly(
        LocalTime.of(11, 35), LocalTime.of(12, 0), LocalTime.of(19, 0), LocalTime.of(19, 35));
  }
}
