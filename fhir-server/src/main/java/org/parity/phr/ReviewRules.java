package org.parity.phr;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Writes of a physical health review (any route): it names its patient and an admission of that patient; one marked
 * {@code completed} (or {@code amended}) must be complete ({@link PhrProgress}), else 422 naming each missing item.
 * {@code in-progress} is accepted as it is: the review is started with its first item.
 */
@Component
public class ReviewRules implements StorageInterceptor {

  private final PhrRecord record;

  public ReviewRules(PhrRecord record) {
    this.record = record;
  }

  /** Just before commit, so that inside a transaction the patient, admission and medicines it names are stored. */
  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    written(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    written(resource);
  }

  private void written(IBaseResource resource) {
    if (!(resource instanceof QuestionnaireResponse response) || !FhirPhrMapper.isPhrForm(response)
        || response.getStatus() == QuestionnaireResponseStatus.ENTEREDINERROR) {
      return;
    }
    Refusal refusal = new Refusal();
    Optional<String> patientRef = checkAdmission(response, refusal);
    QuestionnaireResponseStatus status = response.getStatus();
    if (patientRef.isPresent()
        && (status == QuestionnaireResponseStatus.COMPLETED || status == QuestionnaireResponseStatus.AMENDED)) {
      Optional<String> antipsychotic = record.antipsychotic(patientRef.get());
      List<PhrItem> missing = PhrProgress.missing(FhirPhrMapper.answers(response), antipsychotic.isPresent());
      for (PhrItem item : missing) {
        String why = item == PhrItem.ECG ? " (" + patientRef.get() + " is prescribed " + antipsychotic.get() + ")" : "";
        refusal.rule(FhirPhrMapper.expression(item), "The review cannot be " + status.toCode() + " without "
            + FhirPhrMapper.missingText(item) + why);
      }
    }
    refusal.throwIfAny();
  }

  /** The patient reference, if the response names a patient and an existing admission of that patient. */
  private Optional<String> checkAdmission(QuestionnaireResponse response, Refusal refusal) {
    String subject = response.hasSubject() && response.getSubject().hasReference()
        ? response.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue() : null;
    if (subject == null || !subject.startsWith("Patient/")) {
      refusal.rule("QuestionnaireResponse.subject", "A physical health review must name its patient (subject = Patient/[id])");
      return Optional.empty();
    }
    if (!response.hasEncounter() || !response.getEncounter().hasReference()) {
      refusal.rule("QuestionnaireResponse.encounter", "A physical health review must name the admission it belongs to");
      return Optional.empty();
    }
    String encounterRef = response.getEncounter().getReferenceElement().toUnqualifiedVersionless().getValue();
    Optional<Encounter> encounter = encounterRef.startsWith("Encounter/")
        ? record.record().read(Encounter.class, new IdType(encounterRef)) : Optional.empty();
    if (encounter.isEmpty()) {
      refusal.rule("QuestionnaireResponse.encounter", encounterRef + " does not exist");
      return Optional.empty();
    }
    if (!subject.equals(encounter.get().getSubject().getReferenceElement().toUnqualifiedVersionless().getValue())) {
      refusal.rule("QuestionnaireResponse.encounter", encounterRef + " is not an admission of " + subject);
      return Optional.empty();
    }
    return Optional.of(subject);
  }
}
