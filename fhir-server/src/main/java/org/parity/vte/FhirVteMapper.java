package org.parity.vte;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;

/** The FHIR edge of the VTE assessment: QuestionnaireResponse to {@link VteAnswers}, {@link VteOutcome} to RiskAssessment. */
public final class FhirVteMapper {

  public static final String MOBILITY_ITEM = "mobility";
  public static final String PRECLUDES_ITEM = "bleeding-precludes-pharmacological";

  private FhirVteMapper() {}

  /** Whether the response answers Parity's VTE form (any version of it). */
  public static boolean isVteForm(QuestionnaireResponse response) {
    String questionnaire = response.getQuestionnaire();
    if (questionnaire == null) {
      return false;
    }
    int bar = questionnaire.indexOf('|');
    return VteFhirCodes.QUESTIONNAIRE.equals(bar < 0 ? questionnaire : questionnaire.substring(0, bar));
  }

  /** An antipsychotic by ATC code (N05A except lithium N05AN), else by name ({@link VteEvidence#ANTIPSYCHOTIC_NAMES}). */
  public static Optional<String> antipsychotic(org.hl7.fhir.r4.model.CodeableConcept medication) {
    List<String> atc = medication.getCoding().stream().filter(c -> VteFhirCodes.ATC.equals(c.getSystem()))
        .map(org.hl7.fhir.r4.model.Coding::getCode).toList();
    List<String> texts = new java.util.ArrayList<>();
    texts.add(medication.getText());
    medication.getCoding().forEach(c -> texts.add(c.getDisplay()));
    return VteEvidence.antipsychotic(atc, texts);
  }

  /** The step 1 answer (a code of the vte-mobility CodeSystem), if given. */
  public static Optional<String> mobility(QuestionnaireResponse response) {
    return items(response.getItem()).stream()
        .filter(i -> MOBILITY_ITEM.equals(i.getLinkId()))
        .flatMap(i -> i.getAnswer().stream())
        .filter(QuestionnaireResponseItemAnswerComponent::hasValueCoding)
        .map(QuestionnaireResponseItemAnswerComponent::getValueCoding)
        .filter(c -> VteFhirCodes.MOBILITY.equals(c.getSystem()) && c.hasCode())
        .map(c -> c.getCode())
        .findFirst();
  }

  /** The linkIds of the boolean items answered "yes" (the bleeding judgement excluded). */
  public static Set<String> ticked(QuestionnaireResponse response) {
    Set<String> ticked = new LinkedHashSet<>();
    for (QuestionnaireResponseItemComponent item : items(response.getItem())) {
      if (!PRECLUDES_ITEM.equals(item.getLinkId()) && yes(item).orElse(false)) {
        ticked.add(item.getLinkId());
      }
    }
    return ticked;
  }

  /** The clinician's judgement whether the bleeding risk precludes pharmacological prophylaxis, if answered. */
  public static Optional<Boolean> bleedingPrecludes(QuestionnaireResponse response) {
    return items(response.getItem()).stream().filter(i -> PRECLUDES_ITEM.equals(i.getLinkId()))
        .map(FhirVteMapper::yes).flatMap(Optional::stream).findFirst();
  }

  private static Optional<Boolean> yes(QuestionnaireResponseItemComponent item) {
    return item.getAnswer().stream().filter(QuestionnaireResponseItemAnswerComponent::hasValueBooleanType)
        .map(a -> a.getValueBooleanType().getValue()).filter(v -> v != null).findFirst();
  }

  /** Every item at any depth (groups and answers' nested items included). */
  static List<QuestionnaireResponseItemComponent> items(List<QuestionnaireResponseItemComponent> items) {
    List<QuestionnaireResponseItemComponent> all = new java.util.ArrayList<>();
    for (QuestionnaireResponseItemComponent item : items) {
      all.add(item);
      all.addAll(items(item.getItem()));
      item.getAnswer().forEach(a -> all.addAll(items(a.getItem())));
    }
    return all;
  }
}
