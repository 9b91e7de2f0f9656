package org.parity.news2;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.parity.conformance.ParityPackage;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.parity.news2.FhirNews2Mapper.Reading;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/**
 * Vital signs stored in one database transaction (a FHIR transaction, or a single write) are grouped per patient
 * into sets (effective times within {@code parity.news2.set-window} of the set's first) and each set is scored by
 * {@link News2} in the same transaction: the NEWS2 total Observation (or, for an incomplete set, one with no value
 * saying what is missing), the admission's escalation Flag, and the next-due {@code news2-observations} Task.
 * If any of this fails, nothing of the transaction is stored.
 */
@Component
public class News2Derivation implements StorageInterceptor {

  private static final String DERIVE = News2Derivation.class.getName() + ".derive";

  private final DaoRegistry daos;
  private final ServerReads record;
  private final News2Settings settings;
  private final ParityPackage parityPackage;
  private final Clock clock;

  public News2Derivation(DaoRegistry daos, ServerReads record, News2Settings settings, ParityPackage parityPackage,
      Clock clock) {
    this.daos = daos;
    this.record = record;
    this.settings = settings;
    this.parityPackage = parityPackage;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (!(resource instanceof Observation obs) || !FhirNews2Mapper.isVitalSign(obs)) {
      return;
    }
    Refusal refusal = new Refusal();
    List<Reading> readings = FhirNews2Mapper.readings(obs, "Observation/" + obs.getIdElement().getIdPart(), refusal);
    refusal.throwIfAny();
    for (Reading r : readings) {
      BeforeCommit.add(DERIVE, r, this::derive);
    }
  }

  private void derive(List<Reading> readings) {
    Map<String, List<Reading>> byPatient = new LinkedHashMap<>();
    readings.forEach(r -> byPatient.computeIfAbsent(r.patientRef(), p -> new ArrayList<>()).add(r));
    byPatient.forEach((patient, all) -> {
      for (List<Reading> set : sets(all, settings)) {
        score(patient, set);
      }
    });
  }

  /** Readings sorted by time, cut into sets: a set takes readings within the window of its first. */
  static List<List<Reading>> sets(List<Reading> readings, News2Settings settings) {
    List<Reading> sorted = readings.stream().sorted(Comparator.comparing(Reading::effective)).toList();
    List<List<Reading>> sets = new ArrayList<>();
    List<Reading> current = null;
    for (Reading r : sorted) {
      if (current == null || r.effective().isAfter(current.get(0).effective().plus(settings.setWindow()))) {
        current = new ArrayList<>();
        sets.add(current);
      }
      current.add(r);
    }
    return sets;
  }

  private void score(String patient, List<Reading> set) {
    // The set is timed by its first reading: the next set falls due from when this one began (the stricter time).
    OffsetDateTime effective = set.get(0).effective();
    String encounter = set.stream().map(Reading::encounterRef).filter(Objects::nonNull).findFirst()
        .orElseGet(() -> record.inProgressAdmission(patient)
            .map(e -> "Encounter/" + e.getIdElement().getIdPart()).orElse(null));
    SpO2Scale scale = News2.scale(oxygenTargets(patient));
    News2Result result = News2.score(FhirNews2Mapper.vitalSigns(set, scale));
    List<Reading> used = FhirNews2Mapper.used(set);
    SystemRequestDetails system = new SystemRequestDetails();
    if (result instanceof News2Result.Incomplete incomplete) {
      Observation obs = incompleteObservation(patient, encounter, effective, used, set, incomplete);
      daos.getResourceDao(Observation.class).create(obs, system);
      return;
    }
    News2Score score = ((News2Result.Scored) result).score();
    OffsetDateTime due = News2.nextDue(effective, score.response(), settings);
    Observation total = totalObservation(patient, encounter, effective, used, score, due);
    String totalRef = "Observation/" + daos.getResourceDao(Observation.class).create(total, system).getId().getIdPart();
    escalation(patient, encounter, effective, score, totalRef);
    if (encounter != null) {
      nextDue(patient, encounter, score, due, totalRef);
    }
  }

  List<OxygenTarget> oxygenTargets(String patient) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Goal.SP_PATIENT, new ReferenceParam(patient))
        .add(Goal.SP_LIFECYCLE_STATUS, new TokenParam("active"));
    List<OxygenTarget> targets = new ArrayList<>();
    record.find(Goal.class, map).forEach(g -> targets.addAll(FhirNews2Mapper.oxygenTargets(g)));
    return targets;
  }

  private Observation base(String patient, String encounter, OffsetDateTime effective, List<Reading> derivedFrom) {
    Observation obs = new Observation();
    obs.setStatus(Observation.ObservationStatus.FINAL);
    obs.addCategory(new CodeableConcept(new Coding(News2Codes.OBSERVATION_CATEGORY, "survey", "Survey")));
    obs.setCode(new CodeableConcept(new Coding(News2Codes.SNOMED, News2Codes.TOTAL, News2Codes.TOTAL_DISPLAY)));
    obs.setSubject(new Reference(patient));
    if (encounter != null) {
      obs.setEncounter(new Reference(encounter));
    }
    obs.setEffective(dateTime(effective));
    obs.setIssued(Date.from(clock.instant()));
    derivedFrom.stream().map(Reading::observationRef).distinct().forEach(ref -> obs.addDerivedFrom(new Reference(ref)));
    return obs;
  }

  Observation totalObservation(String patient, String encounter, OffsetDateTime effective, List<Reading> used,
      News2Score score, OffsetDateTime due) {
    Observation obs = base(patient, encounter, effective, used);
    obs.setValue(scoreQuantity(score.total()));
    for (News2Parameter p : News2Parameter.values()) {
      obs.addComponent()
          .setCode(new CodeableConcept(new Coding(News2Codes.SNOMED, News2Codes.subScoreCode(p, score.scale()),
              News2Codes.subScoreDisplay(p, score.scale()))))
          .setValue(scoreQuantity(score.subScore(p)));
    }
    News2Response response = score.response();
    obs.addInterpretation(new CodeableConcept(new Coding(News2Codes.NEWS2, responseCode(response),
        response.band().text())).setText(response.text()));
    List<String> red = score.subScores().entrySet().stream().filter(e -> e.getValue() == 3)
        .map(e -> e.getKey().text()).toList();
    obs.addNote().setText("NEWS2 " + score.total() + (score.scale() == SpO2Scale.SCALE_2 ? " (SpO2 scale 2)" : "")
        + (red.isEmpty() ? "" : "; 3 in a single parameter: " + String.join(", ", red)) + ". "
        + response.band().text() + ". " + response.text() + " Monitoring: " + response.monitoring()
        + ". Next observations due " + due + ".");
    return obs;
  }

  Observation incompleteObservation(String patient, String encounter, OffsetDateTime effective,
      List<Reading> used, List<Reading> set, News2Result.Incomplete incomplete) {
    // derivedFrom every Observation of the set, charted or not, so the record shows what was there
    Observation obs = base(patient, encounter, effective, set);
    obs.setDataAbsentReason(new CodeableConcept(new Coding(News2Codes.DATA_ABSENT, "not-performed", "Not Performed"))
        .setText(incomplete.text()));
    obs.addNote().setText(incomplete.text());
    return obs;
  }

  private static Quantity scoreQuantity(int value) {
    return new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("score").setSystem(News2Codes.UCUM)
        .setCode(News2Codes.SCORE_UNIT);
  }

  static String responseCode(News2Response response) {
    return response.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** One open escalation Flag per admission: raised or brought up to date by an escalating score, closed by a later one that is not. */
  void escalation(String patient, String encounter, OffsetDateTime effective, News2Score score, String totalRef) {
    List<Flag> open = openFlags(patient, encounter);
    SystemRequestDetails system = new SystemRequestDetails();
    if (score.response().escalates()) {
      Flag flag = open.isEmpty() ? newFlag(patient, encounter, effective) : open.get(0);
      flag.getCode().setText("NEWS2 " + score.total() + ": " + score.response().band().text() + ". "
          + score.response().text());
      flag.getExtension().removeIf(e -> News2Codes.FLAG_DETAIL.equals(e.getUrl()));
      flag.addExtension(News2Codes.FLAG_DETAIL, new Reference(totalRef));
      if (open.isEmpty()) {
        daos.getResourceDao(Flag.class).create(flag, system);
      } else {
        daos.getResourceDao(Flag.class).update(flag, system);
      }
      return;
    }
    for (Flag flag : open) {
      // only a score at or after the one that raised it closes it: a set charted late for an earlier time does not
      if (flag.getPeriod().hasStart() && effective.toInstant().isBefore(flag.getPeriod().getStart().toInstant())) {
        continue;
      }
      flag.setStatus(Flag.FlagStatus.INACTIVE);
      flag.getPeriod().setEndElement(dateTime(effective));
      flag.addExtension(News2Codes.FLAG_DETAIL, new Reference(totalRef));
      daos.getResourceDao(Flag.class).update(flag, system);
    }
  }

  private Flag newFlag(String patient, String encounter, OffsetDateTime effective) {
    Flag flag = new Flag();
    flag.setStatus(Flag.FlagStatus.ACTIVE);
    flag.addCategory(new CodeableConcept(new Coding(News2Codes.FLAG_CATEGORY, "clinical", "Clinical")));
    flag.setCode(new CodeableConcept(new Coding(News2Codes.NEWS2, News2Codes.ESCALATION, "NEWS2 escalation")));
    flag.setSubject(new Reference(patient));
    if (encounter != null) {
      flag.setEncounter(new Reference(encounter));
    }
    flag.getPeriod().setStartElement(dateTime(effective));
    return flag;
  }

  private List<Flag> openFlags(String patient, String encounter) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Flag.SP_PATIENT, new ReferenceParam(patient)); // R4 Flag has no status or code search parameter
    return record.find(Flag.class, map).stream()
        .filter(f -> f.getStatus() == Flag.FlagStatus.ACTIVE)
        .filter(f -> FhirNews2Mapper.has(f.getCode(), News2Codes.NEWS2, Set.of(News2Codes.ESCALATION)))
        .filter(f -> Objects.equals(encounter, f.hasEncounter() ? FhirNews2Mapper.ref(f.getEncounter()) : null))
        .toList();
  }

  /** Completes the admission's open news2-observations Task with this score and opens the next (issue 5 contract). */
  private void nextDue(String patient, String encounter, News2Score score, OffsetDateTime due, String totalRef) {
    SystemRequestDetails system = new SystemRequestDetails();
    for (Task open : openObservationTasks(encounter)) {
      open.setStatus(Task.TaskStatus.COMPLETED);
      open.setBusinessStatus(new CodeableConcept(new Coding(News2Codes.DEADLINE_STATUS, "completed", "Completed"))
          .setText("completed"));
      open.setLastModified(Date.from(clock.instant()));
      open.addOutput()
          .setType(new CodeableConcept(new Coding(News2Codes.DEADLINE, News2Codes.OBSERVATIONS_RULE,
              "NEWS2 observations")))
          .setValue(new Reference(totalRef));
      daos.getResourceDao(Task.class).update(open, system);
    }
    Task next = new Task();
    if (parityPackage.profileUrls().contains(News2Codes.DEADLINE_TASK_PROFILE)) {
      next.getMeta().addProfile(News2Codes.DEADLINE_TASK_PROFILE);
    }
    next.setStatus(Task.TaskStatus.REQUESTED);
    next.setIntent(Task.TaskIntent.ORDER);
    next.setCode(new CodeableConcept(new Coding(News2Codes.DEADLINE, News2Codes.OBSERVATIONS_RULE,
        "NEWS2 observations")));
    next.setInstantiatesUri(News2Codes.DEADLINES_PLAN + "#" + News2Codes.OBSERVATIONS_RULE);
    next.setFor(new Reference(patient));
    next.setEncounter(new Reference(encounter));
    next.setAuthoredOn(Date.from(clock.instant()));
    next.setLastModified(Date.from(clock.instant()));
    next.setDescription(dueDescription(score));
    next.getRestriction().getPeriod().setEndElement(dateTime(due));
    next.setBusinessStatus(new CodeableConcept(new Coding(News2Codes.DEADLINE_STATUS, "due", "Due")).setText("due"));
    next.addInput()
        .setType(new CodeableConcept(new Coding(News2Codes.NEWS2, responseCode(score.response()),
            score.response().band().text())))
        .setValue(new Reference(totalRef));
    daos.getResourceDao(Task.class).create(next, system);
  }

  /** The admission's open news2-observations Tasks (requested, ready or in progress). */
  List<Task> openObservationTasks(String encounter) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, new ReferenceParam(encounter))
        .add(Task.SP_CODE, new TokenParam(News2Codes.DEADLINE, News2Codes.OBSERVATIONS_RULE));
    return record.find(Task.class, map).stream()
        .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED || t.getStatus() == Task.TaskStatus.READY
            || t.getStatus() == Task.TaskStatus.INPROGRESS)
        .toList();
  }

  /** What the next-due Task says: the Chart 4 monitoring frequency of the score it was opened from. */
  static String dueDescription(News2Score score) {
    return "NEWS2 observations due: " + score.response().monitoring() + " (RCP Chart 4, NEWS2 " + score.total() + ")";
  }

  /** OffsetDateTime.toString() drops ":00" seconds, a precision FHIR dateTime does not have: always write seconds. */
  static DateTimeType dateTime(OffsetDateTime time) {
    return new DateTimeType(time.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")));
  }
}
