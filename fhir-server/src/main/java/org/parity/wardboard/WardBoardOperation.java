package org.parity.wardboard;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.FhirOperation;
import org.parity.fhir.Refusal;
import org.parity.fluidbalance.ChartCodes;
import org.parity.fluidbalance.ChartDays;
import org.parity.fluidbalance.ChartSettings;
import org.parity.fluidbalance.DaySummary;
import org.parity.fluidbalance.FluidBalance;
import org.parity.fluidbalance.FluidBalanceSettings;
import org.parity.fluidbalance.FluidEntry;
import org.parity.fluidbalance.PatientContext;
import org.parity.news2.News2Codes;
import org.parity.security.WardPatients;
import org.parity.validation.NhsNumber;
import org.parity.wardboard.WardBoard.BoardFlag;
import org.parity.wardboard.WardBoard.BoardTask;
import org.parity.wardboard.WardBoard.News2;
import org.parity.wardboard.WardBoard.StatedTask;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code Location/[ward]/$ward-board}: for every current inpatient of a ward, the bed, the patient, the open Tasks
 * with their state now, the latest NEWS2, the active Flags and today's fluid totals, as one Parameters
 * (docs/features/ward-board.md). Five reads for the whole ward whatever its size; the rules are
 * {@link WardBoard}. Reads only; who may call it is decided in security.AccessRules (staff of that ward).
 */
@Component
public class WardBoardOperation implements FhirOperation {

  static final String PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";

  private final WardBoardReader reader;
  private final BoardItems items;
  private final FluidBalanceSettings fluidSettings;
  private final Clock clock;
  private final Duration dueSoon;

  public WardBoardOperation(WardBoardReader reader, BoardItems items, FluidBalanceSettings fluidSettings,
      Clock clock, @Value("${parity.timers.due-soon:PT1H}") Duration dueSoon) {
    this.reader = reader;
    this.items = items;
    this.fluidSettings = fluidSettings;
    this.clock = clock;
    this.dueSoon = dueSoon;
  }

  /** One patient on the board while it is being put together. */
  private record Row(Encounter admission, String patientRef, String encounterId, Patient patient, Location bed,
      Reference bedRef) {}

  @Operation(name = "$ward-board", idempotent = true, typeName = "Location")
  public Parameters board(@IdParam IdType wardId, RequestDetails request) {
    Timings timings = new Timings();
    Location ward = timings.time("ward", () -> reader.ward(wardId));
    if (!isWard(ward)) {
      new Refusal().add(IssueType.INVALID, "Location.physicalType",
          "Location/" + wardId.getIdPart() + " is not a ward (physicalType is not location-physical-type|wa): "
              + "the ward board is asked of a ward").throwIfAny();
    }
    String wardRef = "Location/" + ward.getIdElement().getIdPart();
    Instant now = clock.instant();
    ChartSettings chart = fluidSettings.chart(siteCode(ward));
    LocalDate today = ChartDays.chartDayOf(now, chart);

    WardBoardReader.Admissions found = timings.time("admissions", () -> reader.admissions(wardRef));
    List<Row> rows = new ArrayList<>();
    for (Encounter admission : found.encounters()) {
      String patientRef = admission.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
      Optional<Encounter.EncounterLocationComponent> bedEntry = activeLocation(admission, "bd");
      Location bed = bedEntry.map(b -> found.locations().get(
          b.getLocation().getReferenceElement().toUnqualifiedVersionless().getValue())).orElse(null);
      rows.add(new Row(admission, patientRef, admission.getIdElement().getIdPart(),
          found.patients().get(patientRef), bed, bedEntry.map(b -> b.getLocation()).orElse(null)));
    }
    rows.sort(Comparator.comparing(WardBoardOperation::bedName, WardBoard.BED_ORDER)
        .thenComparing(Row::patientRef));

    // The admissions' open Tasks, active Flags and today's fluids from the read model: indexed queries by the
    // admissions, no FHIR resources loaded.
    List<String> admissions = rows.stream().map(Row::encounterId).toList();
    List<BoardItem> onBoard = timings.time("items", () -> items.of(admissions));
    Map<String, List<FluidEntry>> fluidEntries = timings.time("fluids", () -> items.fluids(admissions,
        ChartDays.start(today, chart).toInstant(), ChartDays.end(today, chart).toInstant()));
    Map<String, List<BoardTask>> tasks = new HashMap<>();
    Map<String, List<BoardFlag>> flags = new HashMap<>();
    // The latest score is the one the open news2-observations Task was opened from (its input): NEWS2 derivation
    // completes the Task and opens the next with each scored set.
    Map<String, String> scoredBy = new HashMap<>();
    for (BoardItem item : onBoard) {
      if (BoardItem.TASK.equals(item.type())) {
        tasks.computeIfAbsent(item.encounterId(), k -> new ArrayList<>()).add(item.task());
        if (isNews2Task(item) && item.input() != null) {
          scoredBy.put(item.input(), item.encounterId());
        }
      } else {
        flags.computeIfAbsent(item.encounterId(), k -> new ArrayList<>()).add(item.flag());
      }
    }
    Map<String, List<News2>> news2 = new HashMap<>();
    timings.time("news2", () -> reader.observations(scoredBy.keySet())).forEach(o -> news2(o).ifPresent(n ->
        news2.computeIfAbsent(o.getEncounter().getReferenceElement().getIdPart(), k -> new ArrayList<>()).add(n)));

    Parameters out = new Parameters();
    out.addParameter().setName("ward").setValue(new Reference(wardRef).setDisplay(ward.getName()));
    out.addParameter().setName("time").setValue(dateTime(now));
    out.addParameter().setName("dueSoonMinutes").setValue(new IntegerType(Math.toIntExact(dueSoon.toMinutes())));
    out.addParameter().setName("fluidDay").setValue(new DateType(today.toString()))
        .addPart().setName("start").setValue(dateTime(ChartDays.start(today, chart).toInstant()));
    List<Patient> shown = new ArrayList<>();
    for (Row row : rows) {
      ParametersParameterComponent p = out.addParameter().setName("inpatient");
      if (row.bedRef() != null) {
        p.addPart().setName("bed").setValue(new Reference(
            row.bedRef().getReferenceElement().toUnqualifiedVersionless().getValue()).setDisplay(bedName(row)));
      }
      p.addPart().setName("patient").setValue(new Reference(row.patientRef()).setDisplay(name(row.patient())));
      nhsNumber(row.patient()).ifPresent(n -> p.addPart().setName("nhsNumber").setValue(new StringType(n)));
      p.addPart().setName("encounter").setValue(new Reference("Encounter/" + row.encounterId()));
      if (row.admission().getPeriod().hasStart()) {
        p.addPart().setName("admitted").setValue(row.admission().getPeriod().getStartElement().copy());
      }
      for (StatedTask stated : WardBoard.tasks(tasks.getOrDefault(row.encounterId(), List.of()), now, dueSoon)) {
        addTask(p, stated);
      }
      WardBoard.latestScored(news2.getOrDefault(row.encounterId(), List.of())).ifPresent(n -> addNews2(p, n));
      for (BoardFlag flag : WardBoard.flags(flags.getOrDefault(row.encounterId(), List.of()))) {
        addFlag(p, flag);
      }
      addFluids(p, row, fluidEntries.getOrDefault(row.encounterId(), List.of()), today, chart, now);
      if (row.patient() != null) {
        shown.add(row.patient());
      }
    }
    audit(request, shown);
    timings.report(request);
    return out;
  }

  /** The patients shown are recorded in the request's AuditEvent, as for any read that shows them. */
  private static void audit(RequestDetails request, List<Patient> shown) {
    if (shown.isEmpty() || request.getInterceptorBroadcaster() == null) {
      return;
    }
    IPreResourceShowDetails details = new SimplePreResourceShowDetails(shown);
    HookParams params = new HookParams()
        .add(IPreResourceShowDetails.class, details)
        .add(RequestDetails.class, request)
        .addIfMatchesType(ServletRequestDetails.class, request);
    request.getInterceptorBroadcaster().callHooks(Pointcut.STORAGE_PRESHOW_RESOURCES, params);
  }

  static boolean isNews2Task(BoardItem task) {
    return News2Codes.DEADLINE.equals(task.system()) && News2Codes.OBSERVATIONS_RULE.equals(task.code());
  }

  private static void addNews2(ParametersParameterComponent row, News2 n) {
    ParametersParameterComponent p = row.addPart().setName("news2");
    p.addPart().setName("observation").setValue(new Reference(n.id()));
    p.addPart().setName("score").setValue(new IntegerType(n.total()));
    p.addPart().setName("time").setValue(dateTime(n.time()));
    p.addPart().setName("escalating").setValue(new BooleanType(WardBoard.escalating(n)));
    if (n.response() != null) {
      p.addPart().setName("response").setValue(new StringType(n.response()));
    }
  }

  private static void addTask(ParametersParameterComponent row, StatedTask stated) {
    BoardTask t = stated.task();
    ParametersParameterComponent p = row.addPart().setName("task");
    p.addPart().setName("task").setValue(new Reference(t.id()));
    if (t.code() != null) {
      p.addPart().setName("code").setValue(new Coding(t.system(), t.code(), t.display()));
    }
    if (t.description() != null) {
      p.addPart().setName("description").setValue(new StringType(t.description()));
    }
    p.addPart().setName("status").setValue(new CodeType(t.status()));
    if (t.due() != null) {
      p.addPart().setName("due").setValue(dateTime(t.due()));
    }
    stated.state().ifPresent(s -> p.addPart().setName("state").setValue(new CodeType(s.code())));
  }

  private static void addFlag(ParametersParameterComponent row, BoardFlag f) {
    ParametersParameterComponent p = row.addPart().setName("flag");
    p.addPart().setName("flag").setValue(new Reference(f.id()));
    if (f.code() != null) {
      p.addPart().setName("code").setValue(new Coding(f.system(), f.code(), f.display()));
    }
    if (f.text() != null) {
      p.addPart().setName("text").setValue(new StringType(f.text()));
    }
    if (f.since() != null) {
      p.addPart().setName("since").setValue(dateTime(f.since()));
    }
  }

  /** Today's totals only: the cumulative balance and the alerts need the whole admission ($fluid-balance has them). */
  private void addFluids(ParametersParameterComponent row, Row r, List<FluidEntry> entries, LocalDate today,
      ChartSettings chart, Instant now) {
    if (entries.isEmpty()) {
      return;
    }
    Instant admitted = r.admission().getPeriod().hasStart() ? r.admission().getPeriod().getStart().toInstant()
        : ChartDays.start(today, chart).toInstant();
    DaySummary day = FluidBalance.summarise(entries, today, today, new PatientContext(admitted, null, null), chart,
        fluidSettings.alerts(), now).get(0);
    ParametersParameterComponent p = row.addPart().setName("fluids");
    p.addPart().setName("intake").setValue(ml(day.intake()));
    p.addPart().setName("output").setValue(ml(day.output()));
    p.addPart().setName("balance").setValue(ml(day.balance()));
    p.addPart().setName("unmeasuredOutputs").setValue(new IntegerType(day.unmeasuredOutputs()));
  }

  // The edge: FHIR resources to the rule's records.

  static Optional<News2> news2(Observation o) {
    if (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
        || o.getStatus() == Observation.ObservationStatus.CANCELLED || !o.hasEffectiveDateTimeType()) {
      return Optional.empty();
    }
    Integer total = o.hasValueQuantity() && o.getValueQuantity().hasValue()
        ? o.getValueQuantity().getValue().intValue() : null;
    List<Integer> sub = o.getComponent().stream()
        .filter(c -> c.hasValueQuantity() && c.getValueQuantity().hasValue())
        .map(c -> c.getValueQuantity().getValue().intValue()).toList();
    String response = o.getInterpretation().stream().map(CodeableConcept::getText).filter(t -> t != null && !t.isBlank())
        .findFirst().orElse(null);
    return Optional.of(new News2("Observation/" + o.getIdElement().getIdPart(),
        o.getEffectiveDateTimeType().getValue().toInstant(), total, sub, response));
  }

  static boolean isWard(Location location) {
    return location.getPhysicalType().getCoding().stream()
        .anyMatch(c -> PHYSICAL_TYPE.equals(c.getSystem()) && "wa".equals(c.getCode()));
  }

  static String siteCode(Location ward) {
    return ward.getIdentifier().stream().filter(i -> WardPatients.ODS_SITE.equals(i.getSystem()))
        .map(i -> i.getValue()).findFirst().orElse(null);
  }

  private static Optional<Encounter.EncounterLocationComponent> activeLocation(Encounter encounter, String type) {
    return encounter.getLocation().stream()
        .filter(l -> l.getStatus() == Encounter.EncounterLocationStatus.ACTIVE)
        .filter(l -> l.getPhysicalType().getCoding().stream()
            .anyMatch(c -> PHYSICAL_TYPE.equals(c.getSystem()) && type.equals(c.getCode())))
        .findFirst();
  }

  private static String bedName(Row row) {
    if (row.bed() != null && row.bed().hasName()) {
      return row.bed().getName();
    }
    return row.bedRef() == null ? null : row.bedRef().getDisplay();
  }

  static String name(Patient patient) {
    if (patient == null || !patient.hasName()) {
      return null;
    }
    HumanName name = patient.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
        .orElse(patient.getNameFirstRep());
    if (name.hasText()) {
      return name.getText();
    }
    // NHS style: FAMILY, Given
    String family = name.hasFamily() ? name.getFamily().toUpperCase(java.util.Locale.UK) : "";
    String given = name.getGiven().stream().map(g -> g.getValue()).filter(g -> g != null)
        .reduce((a, b) -> a + " " + b).orElse("");
    return given.isEmpty() ? family : family.isEmpty() ? given : family + ", " + given;
  }

  private static Optional<String> nhsNumber(Patient patient) {
    return patient == null ? Optional.empty() : patient.getIdentifier().stream()
        .filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()) && i.hasValue()).map(i -> i.getValue()).findFirst();
  }

  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  /** Times in the ward's local time, with their offset. */
  static DateTimeType dateTime(Instant time) {
    return new DateTimeType(Date.from(time), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone(LONDON));
  }

  private static Quantity ml(double value) {
    return new Quantity().setValue(Math.round(value * 10) / 10.0).setUnit("mL").setSystem(ChartCodes.UCUM).setCode("mL");
  }
}
