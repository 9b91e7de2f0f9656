package org.parity.vte;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
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
  public static Optional<String> antipsychotic(CodeableConcept medication) {
    List<String> atc = medication.getCoding().stream().filter(c -> VteFhirCodes.ATC.equals(c.getSystem()))
        .map(Coding::getCode).toList();
    List<String> texts = new java.util.ArrayList<>();
    texts.add(medication.getText());
    medication.getCoding().forEach(c -> texts.add(c.getDisplay()));
    return VteEvidence.antipsychotic(atc, texts);
  }


  /**
   * The answers the rule needs. Call only for a response whose mobility is answered (checked before: 422).
   * Ticked items that are not factors of this version of the form are ignored.
   */
  public static VteAnswers answers(QuestionnaireResponse response) {
    VteAnswers.Mobility mobility = mobility(response).flatMap(VteAnswers.Mobility::byCode)
        .orElseThrow(() -> new IllegalArgumentException("mobility not answered"));
    List<String> factors = ticked(response).stream().filter(id -> VteFactor.byLinkId(id).isPresent()).toList();
    return VteAnswers.of(mobility, factors, bleedingPrecludes(response));
  }

  /** The RiskAssessment of the contract (profile parity-vte-risk-assessment) for a completed response. */
  public static org.hl7.fhir.r4.model.RiskAssessment riskAssessment(QuestionnaireResponse response, VteOutcome outcome) {
    var assessment = new org.hl7.fhir.r4.model.RiskAssessment();
    assessment.getMeta().addProfile(VteFhirCodes.PROFILE_RISK_ASSESSMENT);
    VteRecommendation recommendation = outcome.recommendation();
    assessment.addExtension(VteFhirCodes.EXT_RECOMMENDATION,
        new Coding(VteRecommendation.SYSTEM, recommendation.code(), recommendation.display()));
    assessment.setStatus(org.hl7.fhir.r4.model.RiskAssessment.RiskAssessmentStatus.FINAL);
    assessment.setMethod(new CodeableConcept(new Coding(VteFhirCodes.VTE, VteFhirCodes.METHOD_CODE,
        "DH VTE risk assessment tool")));
    assessment.setCode(new CodeableConcept(new Coding(VteFhirCodes.VTE, VteFhirCodes.ASSESSMENT_CODE,
        "VTE risk assessment")));
    assessment.setSubject(new Reference(response.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue()));
    assessment.setEncounter(new Reference(response.getEncounter().getReferenceElement().toUnqualifiedVersionless().getValue()));
    assessment.setOccurrence(response.hasAuthored() ? response.getAuthoredElement().copy()
        : new org.hl7.fhir.r4.model.DateTimeType(new java.util.Date()));
    if (response.hasAuthor() && response.getAuthor().hasReference()) {
      String type = response.getAuthor().getReferenceElement().getResourceType();
      if ("Practitioner".equals(type) || "PractitionerRole".equals(type) || "Device".equals(type)) {
        assessment.setPerformer(response.getAuthor().copy());
      }
    }
    assessment.addBasis(new Reference(VteRecord.ref(response)));
    assessment.addPrediction()
        .setOutcome(outcome(outcome.thrombosisRisk() ? "thrombosis-risk-present" : "thrombosis-risk-absent",
            outcome.thrombosisRisk() ? "Thrombosis risk factors present" : "No thrombosis risk factors"))
        .setRationale(rationale(outcome.thrombosisFactors()));
    assessment.addPrediction()
        .setOutcome(outcome(outcome.bleedingRisk() ? "bleeding-risk-present" : "bleeding-risk-absent",
            outcome.bleedingRisk() ? "Bleeding risk factors present" : "No bleeding risk factors"))
        .setRationale(rationale(outcome.bleedingFactors()));
    assessment.setMitigation(recommendation.text());
    outcome.advisory().ifPresent(text -> assessment.addNote().setText(text));
    return assessment;
  }

  private static CodeableConcept outcome(String code, String display) {
    return new CodeableConcept(new Coding(VteFhirCodes.VTE, code, display));
  }

  /** The factors in form order, by their text; null (no rationale) when there are none. */
  private static String rationale(List<VteFactor> factors) {
    if (factors.isEmpty()) {
      return null;
    }
    return String.join("; ", factors.stream().map(VteFactor::text).toList());
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
