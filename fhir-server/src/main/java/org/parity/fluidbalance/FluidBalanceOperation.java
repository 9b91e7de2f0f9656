package org.parity.fluidbalance;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.TimeType;
import org.parity.fhir.FhirOperation;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/[id]/$fluid-balance} and {@code Encounter/[id]/$fluid-balance}: intake, output and
 * balance per chart day, hourly rows and alerts (docs/features/fluid-balance.md). Reads only; the
 * arithmetic and alert rules are the pure {@link FluidBalance}.
 */
@Component
public class FluidBalanceOperation implements FhirOperation {

  static final int MAX_DAYS = 366;

  private final FluidChartReader reader;
  private final FluidBalanceSettings settings;
  private final Clock clock;

  public FluidBalanceOperation(FluidChartReader reader, FluidBalanceSettings settings, Clock clock) {
    this.reader = reader;
    this.settings = settings;
    this.clock = clock;
  }

  @Operation(name = "$fluid-balance", idempotent = true, typeName = "Patient")
  public Parameters forPatient(
      @IdParam IdType patientId,
      @OperationParam(name = "date", max = 1) DateType date,
      @OperationParam(name = "start", max = 1) DateType start,
      @OperationParam(name = "end", max = 1) DateType end,
      @OperationParam(name = "hours", max = 1) BooleanType hours,
      RequestDetails request) {
    String patientRef = "Patient/" + patientId.getIdPart();
    reader.patient(patientId, request);
    Encounter admission = reader.admission(patientRef, request);
    return balance(patientRef, admission, null, date, start, end, withHours(hours), request);
  }

  @Operation(name = "$fluid-balance", idempotent = true, typeName = "Encounter")
  public Parameters forEncounter(
      @IdParam IdType encounterId,
      @OperationParam(name = "date", max = 1) DateType date,
      @OperationParam(name = "start", max = 1) DateType start,
      @OperationParam(name = "end", max = 1) DateType end,
      @OperationParam(name = "hours", max = 1) BooleanType hours,
      RequestDetails request) {
    Encounter encounter = reader.encounter(encounterId, request);
    if (!encounter.hasSubject() || !encounter.hasPeriod() || !encounter.getPeriod().hasStart()) {
      throw new InvalidRequestException("Encounter/" + encounterId.getIdPart()
          + " has no subject or no admission time (period.start): there is no fluid chart");
    }
    String patientRef = encounter.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    return balance(patientRef, encounter, "Encounter/" + encounterId.getIdPart(), date, start, end, withHours(hours),
        request);
  }

  /** Hourly rows are on unless {@code hours=false}: a trend over weeks needs only the daily figures. */
  private static boolean withHours(BooleanType hours) {
    return hours == null || hours.getValue() == null || hours.getValue();
  }

  private Parameters balance(String patientRef, Encounter admission, String encounterRef, DateType date,
      DateType start, DateType end, boolean withHours, RequestDetails request) {
    ChartSettings chart = settings.chart(reader.wardSiteCode(admission).orElse(null));
    Instant now = clock.instant();
    LocalDate[] days = days(date, start, end, ChartDays.chartDayOf(now, chart));
    Instant admittedAt = admission.getPeriod().getStart().toInstant();
    Instant until = ChartDays.end(days[1], chart).toInstant();

    // Days wholly before the admission have no entries to read.
    List<FluidEntry> entries = !until.isAfter(admittedAt) ? List.of()
        : reader.fluidEntries(patientRef, encounterRef, admittedAt, until);
    Instant weightAt = now.isBefore(until) ? now : until;
    Optional<Double> weight = reader.weightKg(patientRef, weightAt, request);
    Optional<FluidChartReader.Target> target = reader.target(patientRef, request);
    List<DaySummary> summaries = summaries(entries, days[0], days[1], admittedAt, weight.orElse(null), target, chart, now);
    // A patient with no chart entries and no target is not on a fluid chart: alerts would only be noise.
    boolean onChart = !entries.isEmpty() || target.isPresent();

    Parameters out = new Parameters();
    out.addParameter().setName("patient").setValue(new Reference(patientRef));
    if (admission.hasIdElement() && admission.getIdElement().hasIdPart()) {
      out.addParameter().setName("encounter").setValue(new Reference("Encounter/" + admission.getIdElement().getIdPart()));
    }
    out.addParameter().setName("dayStartTime").setValue(new TimeType(chart.dayStart().toString() + ":00"));
    weight.ifPresent(kg -> out.addParameter().setName("weight").setValue(quantity(kg, "kg")));
    target.ifPresent(t -> out.addParameter().setName("target").setValue(quantity(t.mlPerDay(), "mL/d")));
    for (DaySummary day : summaries) {
      ParametersParameterComponent p = out.addParameter().setName("day");
      p.addPart().setName("date").setValue(new DateType(day.date().toString()));
      p.addPart().setName("start").setValue(dateTime(day.start()));
      p.addPart().setName("end").setValue(dateTime(day.end()));
      p.addPart().setName("hours").setValue(new org.hl7.fhir.r4.model.IntegerType(day.hours()));
      p.addPart().setName("intake").setValue(ml(day.intake()));
      p.addPart().setName("output").setValue(ml(day.output()));
      p.addPart().setName("balance").setValue(ml(day.balance()));
      p.addPart().setName("cumulativeBalance").setValue(ml(day.cumulativeBalance()));
      p.addPart().setName("unmeasuredOutputs").setValue(new org.hl7.fhir.r4.model.IntegerType(day.unmeasuredOutputs()));
      for (HourRow hour : withHours ? day.hourRows() : List.<HourRow>of()) {
        ParametersParameterComponent h = p.addPart().setName("hour");
        h.addPart().setName("start").setValue(dateTime(hour.start()));
        h.addPart().setName("end").setValue(dateTime(hour.end()));
        h.addPart().setName("intake").setValue(ml(hour.intake()));
        h.addPart().setName("output").setValue(ml(hour.output()));
        h.addPart().setName("balance").setValue(ml(hour.balance()));
      }
      for (Alert alert : onChart ? day.alerts() : List.<Alert>of()) {
        ParametersParameterComponent a = p.addPart().setName("alert");
        a.addPart().setName("code").setValue(new org.hl7.fhir.r4.model.CodeType(alert.code()));
        a.addPart().setName("severity").setValue(new org.hl7.fhir.r4.model.CodeType(alert.severity()));
        a.addPart().setName("at").setValue(dateTime(alert.at()));
        a.addPart().setName("message").setValue(new org.hl7.fhir.r4.model.StringType(alert.message()));
      }
    }
    return out;
  }

  /** A target applies from the chart day in which it was set (or its startDate), never to earlier days. */
  private List<DaySummary> summaries(List<FluidEntry> entries, LocalDate from, LocalDate to, Instant admittedAt,
      Double weightKg, Optional<FluidChartReader.Target> target, ChartSettings chart, Instant now) {
    AlertSettings alerts = settings.alerts();
    PatientContext without = new PatientContext(admittedAt, weightKg, null);
    if (target.isEmpty()) {
      return FluidBalance.summarise(entries, from, to, without, chart, alerts, now);
    }
    PatientContext with = new PatientContext(admittedAt, weightKg, target.get().mlPerDay());
    LocalDate firstWithTarget = ChartDays.chartDayOf(target.get().from(), chart);
    if (!firstWithTarget.isAfter(from)) {
      return FluidBalance.summarise(entries, from, to, with, chart, alerts, now);
    }
    List<DaySummary> days = new java.util.ArrayList<>(
        FluidBalance.summarise(entries, from, to.isBefore(firstWithTarget) ? to : firstWithTarget.minusDays(1),
            without, chart, alerts, now));
    if (!firstWithTarget.isAfter(to)) {
      days.addAll(FluidBalance.summarise(entries, firstWithTarget, to, with, chart, alerts, now));
    }
    return days;
  }

  /** The first and last chart day asked for, checked: a client's mistake is a 400, never a 500. */
  static LocalDate[] days(DateType date, DateType start, DateType end, LocalDate today) {
    if (date != null && date.hasValue() && (start != null && start.hasValue() || end != null && end.hasValue())) {
      throw new InvalidRequestException("Give either 'date' or 'start'/'end', not both");
    }
    if (date != null && date.hasValue()) {
      LocalDate day = localDate(date, "date");
      return new LocalDate[] {day, day};
    }
    LocalDate from = start != null && start.hasValue() ? localDate(start, "start") : null;
    LocalDate to = end != null && end.hasValue() ? localDate(end, "end") : null;
    if (from == null && to == null) {
      return new LocalDate[] {today, today};
    }
    from = from == null ? to : from;
    to = to == null ? from : to;
    if (to.isBefore(from)) {
      throw new InvalidRequestException("'end' (" + to + ") is before 'start' (" + from + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new InvalidRequestException("At most " + MAX_DAYS + " chart days per request");
    }
    return new LocalDate[] {from, to};
  }

  private static LocalDate localDate(DateType value, String name) {
    if (value.getPrecision() != TemporalPrecisionEnum.DAY) {
      throw new InvalidRequestException("'" + name + "' must be a full date (YYYY-MM-DD), got " + value.getValueAsString());
    }
    return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
  }

  static DateTimeType dateTime(ZonedDateTime time) {
    return new DateTimeType(Date.from(time.toInstant()), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(time.getZone()));
  }

  private static Quantity ml(double value) {
    return quantity(value, "mL");
  }

  private static Quantity quantity(double value, String unit) {
    return new Quantity().setValue(Math.round(value * 10) / 10.0).setUnit(unit).setSystem(ChartCodes.UCUM).setCode(unit);
  }
}
