package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.fluidbalance.FluidBalanceTest.local;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared fixtures for the alert tests: chart day 10 March 2026 (GMT, so local time = UTC). */
final class AlertCharts {

  static final LocalDate DAY = LocalDate.of(2026, 3, 10);
  static final Instant ADMITTED = local("2026-03-01T10:00");
  static final Instant DAY_END = local("2026-03-11T07:00");

  private AlertCharts() {}

  static DaySummary day(LocalDate day, PatientContext patient, Instant now, List<FluidEntry> entries) {
    return FluidBalance.summarise(entries, day, day, patient, ChartSettings.defaults(), AlertSettings.defaults(),
        now).get(0);
  }

  /** Drain outputs every 2 hours from 07:30, so the no-output rule stays quiet. */
  static List<FluidEntry> regularOtherOutputs(LocalDate day) {
    List<FluidEntry> out = new ArrayList<>();
    for (int h = 0; h < 24; h += 2) {
      out.add(FluidEntry.output("o" + h, day.atTime(7, 30).plusHours(h).atZone(ChartSettings.LONDON).toInstant(),
          1, "drain"));
    }
    return out;
  }

  /** The day's alert with this code; fails if there is more than one. */
  static Optional<Alert> alert(DaySummary s, String code) {
    List<Alert> found = s.alerts().stream().filter(a -> a.code().equals(code)).toList();
    assertThat(found).as("at most one %s alert per day", code).hasSizeLessThanOrEqualTo(1);
    return found.stream().findFirst();
  }
}
