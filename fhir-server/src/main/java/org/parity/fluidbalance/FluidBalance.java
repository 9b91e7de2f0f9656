package org.parity.fluidbalance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Fluid balance chart rules as pure functions: totals, hourly rows, cumulative balance and alerts for a
 * range of chart days. No framework or FHIR types.
 *
 * <p>Volumes are added in decimal arithmetic (each mL value is taken as its shortest decimal form), so
 * totals and threshold comparisons are exact: 0.1 + 0.2 is 0.3, and a urine total exactly at the oliguria
 * threshold is recognised as "at", not "just below".
 *
 * <p>The caller passes every entry since admission up to the end of the last requested day (the
 * cumulative balance and the oliguria and no-output look-backs need entries from before the first day).
 */
public final class FluidBalance {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.UK);
  private static final List<String> CODE_ORDER = List.of(
      Alert.OLIGURIA, Alert.NO_OUTPUT, Alert.INTAKE_BEHIND_TARGET, Alert.INCOMPLETE_BALANCE);

  private FluidBalance() {}

  /**
   * Summaries for the chart days {@code from} to {@code to} inclusive, in date order.
   *
   * @param entries chart entries (any order; entered-in-error entries are ignored)
   * @param now alerts are evaluated only up to this instant: nothing is raised for the future
   */
  public static List<DaySummary> summarise(List<FluidEntry> entries, LocalDate from, LocalDate to,
      PatientContext patient, ChartSettings chart, AlertSettings alerts, Instant now) {
    Objects.requireNonNull(entries, "entries");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(chart, "chart");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(now, "now");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("The last chart day " + to + " is before the first " + from);
    }
    // Contract: entered-in-error entries are excluded from every figure.
    List<FluidEntry> valid = entries.stream()
        .filter(e -> !e.enteredInError())
        .sorted(Comparator.comparing(FluidEntry::time))
        .toList();
    List<DaySummary> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(new Day(d, valid, patient, chart, alerts, now).summary());
    }
    return days;
  }

  /** The working state for one chart day. */
  private static final class Day {
    private final LocalDate date;
    private final List<FluidEntry> valid;
    private final PatientContext patient;
    private final ChartSettings chart;
    private final AlertSettings settings;
    private final Instant now;
    private final ZonedDateTime start;
    private final ZonedDateTime end;
    private final Instant startAt;
    private final Instant endAt;
    /** Entries (not entered in error) in {@code [start, end)}, in time order. */
    private final List<FluidEntry> inDay;

    Day(LocalDate date, List<FluidEntry> valid, PatientContext patient, ChartSettings chart,
        AlertSettings settings, Instant now) {
      this.date = date;
      this.valid = valid;
      this.patient = patient;
      this.chart = chart;
      this.settings = settings;
      this.now = now;
      this.start = ChartDays.start(date, chart);
      this.end = ChartDays.end(date, chart);
      this.startAt = start.toInstant();
      this.endAt = end.toInstant();
      this.inDay = valid.stream().filter(e -> within(e.time(), startAt, endAt)).toList();
    }

    DaySummary summary() {
      List<HourRow> empty = ChartDays.emptyHours(date, chart);
      BigDecimal[] rowIn = zeros(empty.size());
      BigDecimal[] rowOut = zeros(empty.size());
      BigDecimal intake = BigDecimal.ZERO;
      BigDecimal output = BigDecimal.ZERO;
      int unmeasured = 0;
      for (FluidEntry e : inDay) {
        int row = (int) Duration.between(startAt, e.time()).toHours();
        if (!e.isMeasured()) {
          unmeasured++; // only outputs can be unmeasured (FluidEntry invariant)
        } else if (e.isIntake()) {
          rowIn[row] = rowIn[row].add(ml(e));
          intake = intake.add(ml(e));
        } else {
          rowOut[row] = rowOut[row].add(ml(e));
          output = output.add(ml(e));
        }
      }
      List<HourRow> rows = new ArrayList<>(empty.size());
      for (int i = 0; i < empty.size(); i++) {
        HourRow r = empty.get(i);
        rows.add(new HourRow(r.start(), r.end(), rowIn[i].doubleValue(), rowOut[i].doubleValue()));
      }
      // clinical-reference §3.1: balance = total intake - total output; keep a running total
      BigDecimal balance = intake.subtract(output);
      BigDecimal cumulative = BigDecimal.ZERO;
      for (FluidEntry e : valid) {
        if (e.isMeasured() && sinceAdmission(e.time()) && e.time().isBefore(endAt)) {
          cumulative = e.isIntake() ? cumulative.add(ml(e)) : cumulative.subtract(ml(e));
        }
      }
      List<Alert> alerts = new ArrayList<>(4);
      oliguria(rows).ifPresent(alerts::add);
      noOutput().ifPresent(alerts::add);
      intakeBehindTarget().ifPresent(alerts::add);
      incompleteBalance().ifPresent(alerts::add);
      alerts.sort(Comparator.comparing((Alert a) -> a.at().toInstant())
          .thenComparing(a -> CODE_ORDER.indexOf(a.code())));
      return new DaySummary(date, start, end, (int) Duration.between(startAt, endAt).toHours(),
          intake.doubleValue(), output.doubleValue(), balance.doubleValue(), cumulative.doubleValue(),
          unmeasured, rows, alerts);
    }

    /**
     * Oliguria: measured urine over an {@code oliguriaHours} window ending at an hour boundary is below
     * rate x weight x hours.
     *
     * <p>"More than 6 h": charts are hourly, so "more than 6 h" could only be seen at the 7th hour
     * boundary. The clinically safer reading is used: a complete 6-hour window below the threshold alerts
     * at its end (the 6-hour mark), an hour earlier than a strict "> 6 h" reading would.
     *
     * <p>Only when a weight is known and measured urine is being charted: the window must start at or
     * after both the admission and the first measured urine since admission. A window containing an
     * unmeasured urine episode ("passed, not measured") is not assessed, because its total is unknown.
     */
    private Optional<Alert> oliguria(List<HourRow> rows) {
      // NICE CG169 (clinical-reference §3.1): urine output < 0.5 mL/kg/h for > 6 h detects AKI; needs weight
      if (patient.weightKg() == null) {
        return Optional.empty();
      }
      List<FluidEntry> urine = valid.stream().filter(e -> e.isUrine() && sinceAdmission(e.time())).toList();
      Optional<Instant> firstMeasured = urine.stream().filter(FluidEntry::isMeasured).map(FluidEntry::time)
          .findFirst();
      if (firstMeasured.isEmpty()) {
        return Optional.empty(); // urine output is not being measured: no basis for the rule
      }
      Instant earliestWindowStart = later(firstMeasured.get(), patient.admittedAt());
      Duration window = Duration.ofHours(settings.oliguriaHours());
      BigDecimal weight = BigDecimal.valueOf(patient.weightKg());
      BigDecimal hours = BigDecimal.valueOf(settings.oliguriaHours());
      // NICE CG169: threshold volume = 0.5 mL/kg/h x weight (kg) x 6 h
      BigDecimal threshold = BigDecimal.valueOf(settings.oliguriaMlPerKgPerHour()).multiply(weight)
          .multiply(hours);
      for (HourRow row : rows) {
        Instant to = row.end().toInstant();
        if (to.isAfter(now)) {
          break; // not evaluated for the future
        }
        Instant from = to.minus(window);
        if (from.isBefore(earliestWindowStart)) {
          continue;
        }
        BigDecimal measured = BigDecimal.ZERO;
        boolean unmeasuredEpisode = false;
        for (FluidEntry e : urine) {
          if (within(e.time(), from, to)) {
            if (e.isMeasured()) {
              measured = measured.add(ml(e));
            } else {
              unmeasuredEpisode = true;
            }
          }
        }
        if (!unmeasuredEpisode && measured.compareTo(threshold) < 0) {
          BigDecimal rate = measured.divide(weight.multiply(hours), 2, RoundingMode.HALF_UP);
          return Optional.of(new Alert(Alert.OLIGURIA, Alert.URGENT, row.end(), String.format(Locale.UK,
              "Urine output %s mL in the %d h from %s to %s (%s mL/kg/h at %s kg) is below %s mL/kg/h"
                  + " (%s mL): NICE CG169 urine-output criterion for acute kidney injury, escalate for"
                  + " medical review",
              fmt(measured), settings.oliguriaHours(), when(from), when(to), rate.toPlainString(),
              fmt(weight), fmt(BigDecimal.valueOf(settings.oliguriaMlPerKgPerHour())), fmt(threshold))));
        }
      }
      return Optional.empty();
    }

    /**
     * Intake behind target: at each check time, intake so far on this chart day is below the pro-rata
     * share of the 24-hour target by more than the margin.
     *
     * <p>Pro rata over the actual day length (23, 24 or 25 h). On the admission day the share is counted
     * from admission, not from the day start, and check times before admission are skipped: otherwise
     * every mid-day admission would alert for hours the patient was not on the ward. Intake counts
     * entries in {@code [day start, check time)}, the same rows a nurse would add up.
     */
    private Optional<Alert> intakeBehindTarget() {
      // Parity local rule (no national oral-intake target found, clinical-reference §3.1): configurable
      if (patient.targetMlPerDay() == null) {
        return Optional.empty();
      }
      Instant from = later(startAt, patient.admittedAt());
      List<Instant> checks = settings.intakeCheckTimes().stream()
          .map(this::checkInstant)
          .filter(c -> c.isAfter(from) && !c.isAfter(endAt) && !c.isAfter(now))
          .distinct()
          .sorted()
          .toList();
      BigDecimal target = BigDecimal.valueOf(patient.targetMlPerDay());
      BigDecimal keep = BigDecimal.ONE.subtract(BigDecimal.valueOf(settings.intakeMargin()));
      BigDecimal daySeconds = BigDecimal.valueOf(Duration.between(startAt, endAt).toSeconds());
      for (Instant c : checks) {
        BigDecimal intake = BigDecimal.ZERO;
        for (FluidEntry e : inDay) {
          if (e.isIntake() && e.time().isBefore(c)) {
            intake = intake.add(ml(e));
          }
        }
        BigDecimal elapsed = BigDecimal.valueOf(Duration.between(from, c).toSeconds());
        // intake < target x elapsed / day x (1 - margin), cross-multiplied so the comparison is exact
        if (intake.multiply(daySeconds).compareTo(target.multiply(elapsed).multiply(keep)) < 0) {
          BigDecimal expected = target.multiply(elapsed).divide(daySeconds, 1, RoundingMode.HALF_UP);
          BigDecimal alertBelow = target.multiply(elapsed).multiply(keep).divide(daySeconds, 1,
              RoundingMode.HALF_UP);
          BigDecimal dayHours = daySeconds.divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
          BigDecimal elapsedHours = elapsed.divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
          ZonedDateTime at = c.atZone(chart.zone());
          return Optional.of(new Alert(Alert.INTAKE_BEHIND_TARGET, Alert.WARNING, at, String.format(Locale.UK,
              "Intake %s mL by %s is behind target: expected %s mL by now (%s mL/24 h target pro rata for"
                  + " %s of %s h); alerts below %s mL (%s%% margin)",
              fmt(intake), when(c), fmt(expected), fmt(target), fmt(elapsedHours), fmt(dayHours),
              fmt(alertBelow), fmt(BigDecimal.valueOf(settings.intakeMargin() * 100)))));
        }
      }
      return Optional.empty();
    }

    /**
     * The instant of a check time within this chart day: a time after the day start is on the day's
     * date, a time before it on the next date, and a time equal to the day start is the end of the day.
     * Clock-change gaps and overlaps resolve as in {@link ChartDays}.
     */
    private Instant checkInstant(LocalTime c) {
      if (c.equals(chart.dayStart())) {
        return endAt;
      }
      LocalDate on = c.isAfter(chart.dayStart()) ? date : date.plusDays(1);
      return ZonedDateTime.of(on, c, chart.zone()).toInstant();
    }

    /**
     * No output of any kind (measured or not) for {@code noOutputHours}. The gap is measured from the
     * real last output since admission (or from admission when there has been none), even when that is
     * before this chart day: restarting the clock at the day start would delay the alert by up to
     * {@code noOutputHours} for a gap spanning the day boundary. A gap already that long when the day
     * starts alerts at the day start. Checked up to min(now, day end).
     */
    private Optional<Alert> noOutput() {
      // Parity local rule (no national no-output threshold found, clinical-reference §3.1): configurable
      Instant until = now.isBefore(endAt) ? now : endAt;
      if (!later(startAt, patient.admittedAt()).isBefore(until)) {
        return Optional.empty(); // the day is in the future or before admission
      }
      Duration limit = Duration.ofHours(settings.noOutputHours());
      Instant gapStart = patient.admittedAt() == null ? startAt : patient.admittedAt();
      String since = patient.admittedAt() == null ? "the start of the chart day at" : "admission at";
      for (FluidEntry e : valid) {
        if (!e.isOutput() || !sinceAdmission(e.time())) {
          continue;
        }
        if (e.time().isAfter(until)) {
          break;
        }
        if (!e.time().isBefore(startAt)) {
          Instant trigger = later(gapStart.plus(limit), startAt);
          if (!trigger.isAfter(e.time())) {
            return Optional.of(noOutputAlert(since, gapStart, trigger));
          }
        }
        gapStart = e.time();
        since = "the last output at";
      }
      Instant trigger = later(gapStart.plus(limit), startAt);
      return trigger.isAfter(until) ? Optional.empty() : Optional.of(noOutputAlert(since, gapStart, trigger));
    }

    private Alert noOutputAlert(String since, Instant gapStart, Instant trigger) {
      return new Alert(Alert.NO_OUTPUT, Alert.WARNING, trigger.atZone(chart.zone()), String.format(Locale.UK,
          "No output of any kind recorded for %d h or more (since %s %s): review the patient and the chart",
          settings.noOutputHours(), since, when(gapStart)));
    }

    /** Incomplete balance: outputs passed but not measured, so the balance understates output. */
    private Optional<Alert> incompleteBalance() {
      // clinical-reference §3.1: balance = intake - output; an unmeasured output leaves it incomplete
      List<FluidEntry> unmeasured = inDay.stream()
          .filter(e -> e.isOutput() && !e.isMeasured() && !e.time().isAfter(now))
          .toList();
      if (unmeasured.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Alert(Alert.INCOMPLETE_BALANCE, Alert.WARNING,
          unmeasured.get(0).time().atZone(chart.zone()), String.format(Locale.UK,
              "%d output%s passed but not measured (first at %s): the balance is incomplete and"
                  + " understates output",
              unmeasured.size(), unmeasured.size() == 1 ? "" : "s", when(unmeasured.get(0).time()))));
    }

    private boolean sinceAdmission(Instant t) {
      return patient.admittedAt() == null || !t.isBefore(patient.admittedAt());
    }

    /** {@code HH:mm}, with the date when it is not the chart day's date. */
    private String when(Instant t) {
      ZonedDateTime z = t.atZone(chart.zone());
      return z.toLocalDate().equals(date) ? CLOCK.format(z) : CLOCK.format(z) + " on " + DATE.format(z);
    }
  }

  private static boolean within(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** The later of two instants; a null second instant is ignored. */
  private static Instant later(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }

  private static BigDecimal ml(FluidEntry e) {
    return BigDecimal.valueOf(e.millilitres());
  }

  private static BigDecimal[] zeros(int n) {
    BigDecimal[] a = new BigDecimal[n];
    java.util.Arrays.fill(a, BigDecimal.ZERO);
    return a;
  }

  /** A number to at most 1 decimal place, without trailing zeros: 400, 12.5, 521.7. */
  static String fmt(BigDecimal v) {
    BigDecimal r = v.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return (r.scale() < 0 ? r.setScale(0) : r).toPlainString();
  }
}
