package org.parity.phr;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.StorageInterceptor;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/**
 * Discharge with the physical health review incomplete (CCQI via HSSIB §2.3.8: completed within a week or before
 * discharge): an inpatient Encounter that becomes {@code finished} while its admission has no completed review is
 * still stored, but in the same transaction an open Task ({@code deadline|phr-community}) asks the community mental
 * health team to finish it, and the response carries an OperationOutcome warning ({@link DischargeWarnings}).
 */
@Component
public class DischargeReview implements StorageInterceptor {

  private static final String KEY = DischargeReview.class.getName();

  /** A discharge to check at commit, and the request whose response gets the warning (null for the server's own). */
  record Discharge(String encounterRef, String patientRef, RequestDetails request) {}

  private final DaoRegistry daos;
  private final PhrRecord record;
  private final Clock clock;

  public DischargeReview(DaoRegistry daos, PhrRecord record, Clock clock) {
    this.daos = daos;
    this.record = record;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    if (!(resource instanceof Encounter encounter) || !ServerReads.isInpatient(encounter)
        || encounter.getStatus() != Encounter.EncounterStatus.FINISHED
        || (previous instanceof Encounter before && before.getStatus() == Encounter.EncounterStatus.FINISHED)
        || !encounter.hasSubject()) {
      return;
    }
    String encounterRef = "Encounter/" + encounter.getIdElement().getIdPart();
    String patientRef = encounter.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    // At commit: a review completed in the same transaction as the discharge counts.
    BeforeCommit.add(KEY, new Discharge(encounterRef, patientRef, request), this::check);
  }

  private void check(List<Discharge> discharges) {
    for (Discharge discharge : discharges) {
      List<QuestionnaireResponse> reviews = record.reviews(discharge.encounterRef());
      boolean completed = reviews.stream().anyMatch(r -> r.getStatus() == QuestionnaireResponseStatus.COMPLETED
          || r.getStatus() == QuestionnaireResponseStatus.AMENDED);
      if (completed) {
        continue;
      }
      String missing = missing(reviews, discharge.patientRef());
      String message = "Discharged with the physical health review incomplete (" + missing + "): a Task asks the "
          + PhrCodes.COMMUNITY_TEAM.toLowerCase(java.util.Locale.ROOT) + " to complete it";
      Task task = record.openCommunityTask(discharge.encounterRef())
          .orElseGet(() -> createTask(discharge, reviews, missing));
      DischargeWarnings.add(discharge.request(), discharge.encounterRef(),
          message + " (Task/" + task.getIdElement().getIdPart() + ")");
    }
  }

  /** What is missing, from the latest review of the admission; everything when none was started. */
  private String missing(List<QuestionnaireResponse> reviews, String patientRef) {
    Optional<QuestionnaireResponse> latest = reviews.stream().findFirst();
    if (latest.isEmpty() || !PhrProgress.started(FhirPhrMapper.answers(latest.get()))) {
      return "not started";
    }
    boolean antipsychotic = record.antipsychotic(patientRef).isPresent();
    List<PhrItem> items = PhrProgress.missing(FhirPhrMapper.answers(latest.get()), antipsychotic);
    if (items.isEmpty()) {
      return "all items recorded but the review was not marked completed";
    }
    return "missing: " + String.join(", ", items.stream().map(PhrItem::label).toList());
  }

  private Task createTask(Discharge discharge, List<QuestionnaireResponse> reviews, String missing) {
    Task task = new Task();
    // Not a ward deadline (no parity-deadline-task profile, no due time): the community team sets its own timescale,
    // and no national standard gives one to compute. The deadline poller therefore never moves it.
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding(PhrCodes.DEADLINE, PhrCodes.COMMUNITY_CODE,
        "Complete the physical health review in the community")));
    task.setDescription("Complete the physical health review after discharge (" + missing
        + "). Lester UK adaptation and the SMI physical health check: 'don't just screen – intervene'.");
    task.setFor(new Reference(discharge.patientRef()));
    task.setEncounter(new Reference(discharge.encounterRef()));
    task.setOwner(new Reference().setDisplay(PhrCodes.COMMUNITY_TEAM));
    Date now = Date.from(clock.instant());
    task.setAuthoredOn(now);
    task.setLastModified(now);
    task.setBusinessStatus(new CodeableConcept(new Coding(PhrCodes.DEADLINE_STATUS, "due", "Due")).setText("due"));
    reviews.stream().findFirst().ifPresent(r -> task.setFocus(
        new Reference("QuestionnaireResponse/" + r.getIdElement().getIdPart())));
    task.setId(daos.getResourceDao(Task.class).create(task, new SystemRequestDetails()).getId()
        .toUnqualifiedVersionless());
    return task;
  }
}
