package org.parity.news2;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.Refusal;
import org.parity.fhir.ServerReads;
import org.parity.fhir.StorageInterceptor;
import org.parity.news2.FhirNews2Mapper.Reading;
import org.springframework.stereotype.Component;

/**
 * A corrected vital sign is scored again: when a reading NEWS2 used is updated (a new value, or marked
 * entered-in-error), every NEWS2 total derived from it is re-derived from its set as it now stands and stored as an
 * amended version of the same Observation, in the same database transaction. When that total is the admission's
 * latest (the open news2-observations Task was opened from it), the escalation Flag and the next-due time follow
 * the new score; an older total is amended only, since later sets have decided the Flag and the Task since.
 */
@Component
public class News2Correction implements StorageInterceptor {

  private static final String RESCORE = News2Correction.class.getName() + ".rescore";

  private final News2Derivation derivation;
  private final DaoRegistry daos;
  private final ServerReads record;
  private final News2Settings settings;

  public News2Correction(News2Derivation derivation, DaoRegistry daos, ServerReads record, News2Settings settings) {
    this.derivation = derivation;
    this.daos = daos;
    this.record = record;
    this.settings = settings;
  }

  /** The corrected reading as just written: the database may still hold the version before it. */
  private record Corrected(String ref, Observation observation) {}

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (!(resource instanceof Observation obs) || !(previous instanceof Observation before)
        || !(FhirNews2Mapper.isVitalSign(obs) || FhirNews2Mapper.isVitalSign(before))) {
      return;
    }
    String ref = "Observation/" + obs.getIdElement().getIdPart();
    Refusal refusal = new Refusal();
    List<Reading> now = FhirNews2Mapper.readings(obs, ref, refusal);
    refusal.throwIfAny();
    if (now.equals(FhirNews2Mapper.readings(before, ref, new Refusal()))) {
      return; // nothing NEWS2 reads has changed (a note, a performer)
    }
    BeforeCommit.add(RESCORE, new Corrected(ref, obs), this::rescore);
  }

  private void rescore(List<Corrected> corrections) {
    Map<String, Observation> corrected = new LinkedHashMap<>();
    corrections.forEach(c -> corrected.put(c.ref(), c.observation()));
    Map<String, Observation> totals = new LinkedHashMap<>();
    for (String ref : corrected.keySet()) {
      SearchParameterMap map = SearchParameterMap.newSynchronous()
          .add(Observation.SP_DERIVED_FROM, new ReferenceParam(ref))
          .add(Observation.SP_CODE, new TokenParam(News2Codes.SNOMED, News2Codes.TOTAL));
      record.find(Observation.class, map).stream()
          .filter(t -> t.getStatus() != Observation.ObservationStatus.ENTEREDINERROR)
          .forEach(t -> totals.putIfAbsent("Observation/" + t.getIdElement().getIdPart(), t));
    }
    totals.forEach((totalRef, total) -> rescore(totalRef, total, corrected));
  }

  private void rescore(String totalRef, Observation total, Map<String, Observation> corrected) {
    List<Reading> set = new ArrayList<>();
    for (Reference from : total.getDerivedFrom()) {
      String ref = from.getReferenceElement().toUnqualifiedVersionless().getValue();
      Observation reading = corrected.containsKey(ref) ? corrected.get(ref)
          : record.read(Observation.class, new IdType(ref)).orElse(null);
      if (reading != null) {
        set.addAll(FhirNews2Mapper.readings(reading, ref, new Refusal()));
      }
    }
    String patient = total.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    String encounter = total.hasEncounter() ? FhirNews2Mapper.ref(total.getEncounter()) : null;
    OffsetDateTime effective = OffsetDateTime.parse(total.getEffectiveDateTimeType().getValueAsString());
    SpO2Scale scale = News2.scale(derivation.oxygenTargets(patient));
    News2Result result = News2.score(FhirNews2Mapper.vitalSigns(set, scale));
    Observation amended;
    News2Score score = null;
    OffsetDateTime due = null;
    if (result instanceof News2Result.Scored scored) {
      score = scored.score();
      due = News2.nextDue(effective, score.response(), settings);
      amended = derivation.totalObservation(patient, encounter, effective, FhirNews2Mapper.used(set), score, due);
    } else {
      amended = derivation.incompleteObservation(patient, encounter, effective, FhirNews2Mapper.used(set), set,
          (News2Result.Incomplete) result);
    }
    if (sameResult(total, amended)) {
      return;
    }
    amended.setId(new IdType(totalRef));
    amended.setStatus(Observation.ObservationStatus.AMENDED);
    amended.addNote().setText("Re-scored after a correction to a reading of the set. Previously: "
        + (total.hasValueQuantity() ? "NEWS2 " + total.getValueQuantity().getValue().toPlainString()
            : "no score (incomplete set)") + ".");
    daos.getResourceDao(Observation.class).update(amended, new SystemRequestDetails());
    Task next = encounter == null || score == null ? null : openTaskFrom(encounter, totalRef);
    if (next == null) {
      // An older total, a set that no longer scores, or one that did not score before: the Flag and the next-due
      // time stay as they were (the open Task keeps the observations due; the next set charted decides them).
      return;
    }
    derivation.escalation(patient, encounter, effective, score, totalRef);
    next.getRestriction().getPeriod().setEndElement(News2Derivation.dateTime(due));
    next.setDescription(News2Derivation.dueDescription(score));
    next.getInputFirstRep().setType(new CodeableConcept(new Coding(News2Codes.NEWS2,
        News2Derivation.responseCode(score.response()), score.response().band().text())));
    daos.getResourceDao(Task.class).update(next, new SystemRequestDetails());
  }

  /** Whether re-deriving changed nothing a reader sees: the score, the sub-scores, the response and the readings. */
  private static boolean sameResult(Observation stored, Observation derived) {
    return stored.getValue() == null ? derived.getValue() == null
        : derived.getValue() != null && stored.getValue().equalsDeep(derived.getValue())
            && listsEqual(stored.getComponent(), derived.getComponent())
            && listsEqual(stored.getInterpretation(), derived.getInterpretation())
            && listsEqual(stored.getDerivedFrom(), derived.getDerivedFrom());
  }

  private static <T extends org.hl7.fhir.r4.model.Base> boolean listsEqual(List<T> a, List<T> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equalsDeep(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The admission's open news2-observations Task opened from this total, if it is still the latest. */
  private Task openTaskFrom(String encounter, String totalRef) {
    return derivation.openObservationTasks(encounter).stream()
        .filter(t -> t.getInput().stream().anyMatch(i -> i.getValue() instanceof Reference r
            && Objects.equals(totalRef, r.getReferenceElement().toUnqualifiedVersionless().getValue())))
        .findFirst().orElse(null);
  }
}
