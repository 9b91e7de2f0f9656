package org.parity.vte;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * A completed VTE QuestionnaireResponse (any route: plain, in a transaction, by the server) becomes a RiskAssessment
 * in the same database transaction: answers mapped to {@link VteAnswers} at the edge, {@link VteRules#assess} decides,
 * {@link FhirVteMapper} writes the outcome. If the response is refused nothing is stored; if the RiskAssessment
 * cannot be stored, the response is not stored either. The admission's open reassessment Task is completed.
 *
 * <p>Amended ({@code completed} again, or {@code amended}): the RiskAssessment derived from that response is
 * updated in place with status {@code amended}, so there is one RiskAssessment per response and its history
 * (vread) keeps what was recommended before. A response marked {@code entered-in-error} marks its RiskAssessment
 * entered-in-error.
 */
@Component
public class RiskAssessmentDerivation implements StorageInterceptor {

  // Two kinds of work at commit: one transaction may withdraw one assessment and complete another.
  private static final String DERIVE = RiskAssessmentDerivation.class.getName() + ".derive";
  private static final String WITHDRAW = RiskAssessmentDerivation.class.getName() + ".withdraw";

  private final DaoRegistry daos;
  private final VteRecord record;
  private final ReassessmentTasks tasks;

  public RiskAssessmentDerivation(DaoRegistry daos, VteRecord record, ReassessmentTasks tasks) {
    this.daos = daos;
    this.record = record;
    this.tasks = tasks;
  }

  /** Just before commit, so that inside a transaction the patient and admission it names are already stored. */
  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    written(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    written(resource);
  }

  private void written(IBaseResource resource) {
    if (!(resource instanceof QuestionnaireResponse response) || !FhirVteMapper.isVteForm(response)) {
      return;
    }
    QuestionnaireResponseStatus status = response.getStatus();
    if (status == QuestionnaireResponseStatus.ENTEREDINERROR) {
      QuestionnaireResponse copy = response.copy();
      BeforeCommit.add(WITHDRAW, copy, this::withdraw);
      return;
    }
    boolean finished = status == QuestionnaireResponseStatus.COMPLETED || status == QuestionnaireResponseStatus.AMENDED;
    Refusal refusal = new Refusal();
    checkAdmission(response, refusal);
    if (finished && FhirVteMapper.mobility(response).isEmpty()) {
      refusal.rule("QuestionnaireResponse.item.where(linkId='step1').item.where(linkId='mobility')",
          "Step 1 (mobility, item 'mobility') must be answered with a code of " + VteFhirCodes.MOBILITY
              + " when the assessment is " + status.toCode());
    }
    refusal.throwIfAny();
    if (finished) {
      QuestionnaireResponse copy = response.copy();
      BeforeCommit.add(DERIVE, copy, this::derive);
    }
  }

  /** The response names its patient and the patient's in-progress inpatient admission. */
  private void checkAdmission(QuestionnaireResponse response, Refusal refusal) {
    String subject = response.hasSubject() && response.getSubject().hasReference()
        ? response.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue() : null;
    if (subject == null || !subject.startsWith("Patient/")) {
      refusal.rule("QuestionnaireResponse.subject", "A VTE assessment must name its patient (subject = Patient/[id])");
      return;
    }
    if (!response.hasEncounter() || !response.getEncounter().hasReference()) {
      refusal.rule("QuestionnaireResponse.encounter", "A VTE assessment must name the patient's current inpatient "
          + "admission (encounter = the in-progress Encounter of " + subject + ")");
      return;
    }
    String encounterRef = response.getEncounter().getReferenceElement().toUnqualifiedVersionless().getValue();
    Optional<Encounter> encounter = encounterRef.startsWith("Encounter/")
        ? record.read(Encounter.class, new IdType(encounterRef)) : Optional.empty();
    if (encounter.isEmpty()) {
      refusal.rule("QuestionnaireResponse.encounter", encounterRef + " does not exist");
    } else if (!subject.equals(encounter.get().getSubject().getReferenceElement().toUnqualifiedVersionless().getValue())) {
      refusal.rule("QuestionnaireResponse.encounter", encounterRef + " is not an admission of " + subject);
    } else if (!VteRecord.isInpatient(encounter.get())
        || encounter.get().getStatus() != Encounter.EncounterStatus.INPROGRESS) {
      refusal.rule("QuestionnaireResponse.encounter", encounterRef + " is not an in-progress inpatient admission ("
          + (encounter.get().hasStatus() ? encounter.get().getStatus().toCode() : "no status")
          + (VteRecord.isInpatient(encounter.get()) ? "" : ", not inpatient") + ")");
    }
  }

  private void derive(List<QuestionnaireResponse> responses) {
    for (QuestionnaireResponse response : responses) {
      String responseRef = VteRecord.ref(response);
      String patientRef = response.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
      VteOutcome outcome = VteRules.assess(FhirVteMapper.answers(response));
      RiskAssessment assessment = FhirVteMapper.riskAssessment(response, outcome);
      List<RiskAssessment> earlier = record.derivedFrom(responseRef, patientRef);
      SystemRequestDetails system = new SystemRequestDetails();
      String assessmentRef;
      if (earlier.isEmpty()) {
        assessmentRef = "RiskAssessment/" + daos.getResourceDao(RiskAssessment.class).create(assessment, system)
            .getId().getIdPart();
      } else {
        assessment.setId(earlier.get(0).getIdElement().toUnqualifiedVersionless());
        assessment.setStatus(RiskAssessment.RiskAssessmentStatus.AMENDED);
        daos.getResourceDao(RiskAssessment.class).update(assessment, system);
        assessmentRef = "RiskAssessment/" + earlier.get(0).getIdElement().getIdPart();
      }
      tasks.complete(response.getEncounter().getReferenceElement().toUnqualifiedVersionless().getValue(), assessmentRef);
    }
  }

  private void withdraw(List<QuestionnaireResponse> responses) {
    for (QuestionnaireResponse response : responses) {
      if (!response.hasSubject()) {
        continue;
      }
      String patientRef = response.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
      for (RiskAssessment assessment : record.derivedFrom(VteRecord.ref(response), patientRef)) {
        assessment.setStatus(RiskAssessment.RiskAssessmentStatus.ENTEREDINERROR);
        assessment.addNote().setText("The assessment it was derived from (" + VteRecord.ref(response)
            + ") was marked entered-in-error");
        daos.getResourceDao(RiskAssessment.class).update(assessment, new SystemRequestDetails());
      }
    }
  }
}
