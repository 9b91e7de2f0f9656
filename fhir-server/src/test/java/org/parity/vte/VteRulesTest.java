package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.vte.VteAnswers.Mobility.MEDICAL_NOT_REDUCED;
import static org.parity.vte.VteAnswers.Mobility.MEDICAL_REDUCED_MOBILITY;
import static org.parity.vte.VteAnswers.Mobility.SURGICAL;
import static org.parity.vte.VteRecommendation.CONSIDER_MECHANICAL;
import static org.parity.vte.VteRecommendation.CONSIDER_PHARMACOLOGICAL;
import static org.parity.vte.VteRecommendation.CONSIDER_PHARMACOLOGICAL_BLEEDING_WEIGHED;
import static org.parity.vte.VteRecommendation.NO_FURTHER_STEPS;
import static org.parity.vte.VteRecommendation.NO_RISK_FACTORS;
import static org.parity.vte.VteRecommendation.WEIGH_BLEEDING_RISK;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DH VTE tool's outcome logic with Parity's mental-health factors, branch by branch (docs/features/vte.md). */
class VteRulesTest {

  private static final Path PACKAGE = Path.of("../profiles/package");
  private static final Optional<Boolean> UNANSWERED = Optional.empty();

  private static VteOutcome assess(VteAnswers.Mobility mobility, Optional<Boolean> precludes, String... ticked) {
    return VteRules.assess(VteAnswers.of(mobility, List.of(ticked), precludes));
  }

  private static List<String> linkIds(List<VteFactor> factors) {
    return factors.stream().map(VteFactor::linkId).toList();
  }

  // --- step 1: medical patient not expected to have reduced mobility

  @Test
  void notReducedMobilityNothingTickedIsNoFurtherStepsWithoutAdvisory() {
    VteOutcome outcome = assess(MEDICAL_NOT_REDUCED, UNANSWERED);
    assertThat(outcome.recommendation()).isEqualTo(NO_FURTHER_STEPS);
    assertThat(outcome.thrombosisRisk()).isFalse();
    assertThat(outcome.bleedingRisk()).isFalse();
    assertThat(outcome.factors()).isEmpty();
    assertThat(outcome.advisory()).isEmpty();
  }

  @Test
  void notReducedMobilityWithMentalHealthFactorsIsAdvisoryOnly() {
    VteOutcome outcome = assess(MEDICAL_NOT_REDUCED, UNANSWERED, "mh-antipsychotic", "mh-catatonia");
    assertThat(outcome.recommendation()).isEqualTo(NO_FURTHER_STEPS);
    assertThat(outcome.thrombosisRisk()).as("mental-health factors are not counted here").isFalse();
    assertThat(outcome.thrombosisFactors()).isEmpty();
    assertThat(outcome.advisory()).hasValueSatisfying(a -> assertThat(a)
        .contains("omits factors specific to psychiatric inpatients")
        .contains("really unaffected")
        .contains("Antipsychotic medication; Catatonia"));
  }

  @Test
  void notReducedMobilityWithDhFactorsIsStillNoFurtherStepsButSaysTheyWereNotAssessed() {
    VteOutcome outcome = assess(MEDICAL_NOT_REDUCED, Optional.of(true), "t-vte-history", "b-active-bleeding");
    assertThat(outcome.recommendation()).isEqualTo(NO_FURTHER_STEPS);
    // The ticks are facts about the patient and are reported; the DH tool does not act on them (step 1).
    assertThat(outcome.thrombosisRisk()).isTrue();
    assertThat(outcome.bleedingRisk()).isTrue();
    assertThat(linkIds(outcome.factors())).containsExactly("t-vte-history", "b-active-bleeding");
    assertThat(outcome.advisory()).hasValueSatisfying(a -> assertThat(a)
        .contains("not assessed by the DH tool").doesNotContain("psychiatric"));
  }

  // --- steps 2 and 3: surgical patient or reduced mobility

  @ParameterizedTest
  @EnumSource(names = {"SURGICAL", "MEDICAL_REDUCED_MOBILITY"})
  void noThrombosisFactorIsNoRiskFactors(VteAnswers.Mobility mobility) {
    VteOutcome outcome = assess(mobility, UNANSWERED);
    assertThat(outcome.recommendation()).isEqualTo(NO_RISK_FACTORS);
    assertThat(outcome.thrombosisRisk()).isFalse();
    assertThat(outcome.bleedingRisk()).isFalse();
    assertThat(outcome.advisory()).isEmpty();
  }

  @Test
  void bleedingWithoutThrombosisIsNoRiskFactorsWithBleedingRiskReported() {
    VteOutcome outcome = assess(MEDICAL_REDUCED_MOBILITY, UNANSWERED, "b-thrombocytopaenia");
    assertThat(outcome.recommendation()).isEqualTo(NO_RISK_FACTORS);
    assertThat(outcome.thrombosisRisk()).isFalse();
    assertThat(outcome.bleedingRisk()).isTrue();
    assertThat(linkIds(outcome.bleedingFactors())).containsExactly("b-thrombocytopaenia");
  }

  @ParameterizedTest
  @EnumSource(names = {"SURGICAL", "MEDICAL_REDUCED_MOBILITY"})
  void thrombosisWithoutBleedingIsConsiderPharmacological(VteAnswers.Mobility mobility) {
    VteOutcome outcome = assess(mobility, UNANSWERED, "t-age-over-60", "t-obesity");
    assertThat(outcome.recommendation()).isEqualTo(CONSIDER_PHARMACOLOGICAL);
    assertThat(outcome.thrombosisRisk()).isTrue();
    assertThat(outcome.bleedingRisk()).isFalse();
    assertThat(linkIds(outcome.thrombosisFactors())).containsExactly("t-age-over-60", "t-obesity");
    assertThat(outcome.recommendation().text()).contains("NICE NG89");
  }

  @Test
  void thrombosisAndBleedingUnansweredIsWeighBleedingRisk() {
    VteOutcome outcome = assess(MEDICAL_REDUCED_MOBILITY, UNANSWERED, "t-cancer", "b-anticoagulants");
    assertThat(outcome.recommendation()).isEqualTo(WEIGH_BLEEDING_RISK);
    assertThat(outcome.thrombosisRisk()).isTrue();
    assertThat(outcome.bleedingRisk()).isTrue();
    assertThat(linkIds(outcome.factors())).containsExactly("t-cancer", "b-anticoagulants");
  }

  @Test
  void thrombosisAndBleedingJudgedNotToPrecludeIsConsiderPharmacologicalBleedingWeighed() {
    VteOutcome outcome = assess(SURGICAL, Optional.of(false), "t-hip-fracture", "b-lp-epidural-next-12h");
    assertThat(outcome.recommendation()).isEqualTo(CONSIDER_PHARMACOLOGICAL_BLEEDING_WEIGHED);
  }

  @Test
  void thrombosisAndBleedingJudgedToPrecludeIsConsiderMechanicalWithThePsychiatricCaveat() {
    VteOutcome outcome = assess(SURGICAL, Optional.of(true), "t-anaesthetic-over-90", "b-neuro-spinal-eye-surgery");
    assertThat(outcome.recommendation()).isEqualTo(CONSIDER_MECHANICAL);
    assertThat(outcome.recommendation().text()).contains("mechanical prophylaxis to be considered").contains("self-harm");
  }

  @Test
  void aPreclusionAnswerWithoutBleedingFactorsChangesNothing() {
    assertThat(assess(SURGICAL, Optional.of(true), "t-critical-care").recommendation()).isEqualTo(CONSIDER_PHARMACOLOGICAL);
    assertThat(assess(SURGICAL, Optional.of(false)).recommendation()).isEqualTo(NO_RISK_FACTORS);
  }

  @ParameterizedTest
  @EnumSource(names = {"SURGICAL", "MEDICAL_REDUCED_MOBILITY"})
  void mentalHealthFactorsAloneCountAsThrombosisRiskWhenMobilityIsSurgicalOrReduced(VteAnswers.Mobility mobility) {
    VteOutcome outcome = assess(mobility, UNANSWERED, "mh-restraint-seclusion", "mh-sedation");
    assertThat(outcome.recommendation()).isEqualTo(CONSIDER_PHARMACOLOGICAL);
    assertThat(outcome.thrombosisRisk()).isTrue();
    assertThat(linkIds(outcome.thrombosisFactors())).containsExactly("mh-restraint-seclusion", "mh-sedation");
    assertThat(outcome.advisory()).hasValueSatisfying(a -> assertThat(a)
        .contains("not part of the DH tool").contains("Physical restraint or seclusion; Sedation"));
  }

  @Test
  void mentalHealthFactorsWithBleedingNeedTheBleedingJudgement() {
    assertThat(assess(MEDICAL_REDUCED_MOBILITY, UNANSWERED, "mh-poor-intake-dehydration", "b-acute-stroke")
        .recommendation()).isEqualTo(WEIGH_BLEEDING_RISK);
  }

  @Test
  void factorsComeInFormOrderDhBeforeMentalHealth() {
    VteOutcome outcome = assess(SURGICAL, UNANSWERED, "mh-antipsychotic", "t-surgery-reduced-mobility", "t-cancer");
    assertThat(linkIds(outcome.thrombosisFactors()))
        .containsExactly("t-cancer", "t-surgery-reduced-mobility", "mh-antipsychotic");
  }

  /** Each factor of each group, alone, for a patient who goes on to steps 2 and 3. */
  @ParameterizedTest
  @EnumSource(VteFactor.class)
  void eachFactorAloneCountsInItsGroup(VteFactor factor) {
    VteOutcome outcome = assess(MEDICAL_REDUCED_MOBILITY, UNANSWERED, factor.linkId());
    if (factor.group().isBleeding()) {
      assertThat(outcome.recommendation()).isEqualTo(NO_RISK_FACTORS);
      assertThat(outcome.bleedingFactors()).containsExactly(factor);
      assertThat(outcome.thrombosisRisk()).isFalse();
    } else {
      assertThat(outcome.recommendation()).isEqualTo(CONSIDER_PHARMACOLOGICAL);
      assertThat(outcome.thrombosisFactors()).containsExactly(factor);
      assertThat(outcome.bleedingRisk()).isFalse();
      assertThat(outcome.advisory().isPresent()).isEqualTo(factor.group() == VteFactor.Group.MENTAL_HEALTH);
    }
  }

  @Test
  void anUnknownLinkIdIsRefused() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> VteAnswers.of(SURGICAL, List.of("t-smoking"), UNANSWERED))
        .withMessageContaining("t-smoking");
  }

  // --- never a dose

  private static final Pattern DOSE = Pattern.compile(
      "\\d+\\s*(mg|units?|iu|ml|micrograms?)\\b|\\b(daily|once|twice|dose|enoxaparin|dalteparin|tinzaparin|heparin|lmwh|fondaparinux)\\b",
      Pattern.CASE_INSENSITIVE);

  @Test
  void noRecommendationOrAdvisoryStatesADoseOrADrug() {
    for (VteRecommendation r : VteRecommendation.values()) {
      assertThat(DOSE.matcher(r.text()).find()).as(r.text()).isFalse();
      assertThat(DOSE.matcher(r.display()).find()).as(r.display()).isFalse();
    }
    for (String advisory : List.of(VteRules.MENTAL_HEALTH_NOT_REDUCED_ADVISORY, VteRules.DH_FACTORS_NOT_REDUCED_ADVISORY,
        VteRules.MENTAL_HEALTH_COUNTED_ADVISORY)) {
      assertThat(DOSE.matcher(advisory).find()).as(advisory).isFalse();
    }
  }

  // --- Java and the profiles package agree

  @Test
  void factorsMatchTheQuestionnaireItemsLinkIdTextAndGroup() throws IOException {
    JsonNode questionnaire = new ObjectMapper().readTree(PACKAGE.resolve("Questionnaire-vte-risk-assessment.json").toFile());
    Map<String, String> inForm = new LinkedHashMap<>();
    Map<String, String> groupInForm = new LinkedHashMap<>();
    Map<String, String> sourceInForm = new LinkedHashMap<>();
    for (JsonNode group : questionnaire.path("item")) {
      for (JsonNode item : group.path("item")) {
        if (item.path("type").asText().equals("boolean")) {
          inForm.put(item.path("linkId").asText(), item.path("text").asText());
          groupInForm.put(item.path("linkId").asText(), group.path("linkId").asText());
          sourceInForm.put(item.path("linkId").asText(), item.path("extension").path(0).path("valueString").asText());
        }
      }
    }
    assertThat(Arrays.stream(VteFactor.values()).map(VteFactor::linkId)).containsExactlyInAnyOrderElementsOf(inForm.keySet());
    for (VteFactor f : VteFactor.values()) {
      assertThat(f.text()).as(f.linkId()).isEqualTo(inForm.get(f.linkId()));
      assertThat(f.group().linkId()).as(f.linkId()).isEqualTo(groupInForm.get(f.linkId()));
      assertThat(f.source()).as(f.linkId()).isEqualTo(sourceInForm.get(f.linkId()));
    }
    // The other items: mobility (step 1), the bleeding judgement, the comment.
    assertThat(questionnaire.findValuesAsText("linkId")).contains("mobility", "bleeding-precludes-pharmacological", "comment");
  }

  @Test
  void recommendationsAndMobilityMatchTheirCodeSystems() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> recommendations = new LinkedHashMap<>();
    json.readTree(PACKAGE.resolve("CodeSystem-vte-recommendation.json").toFile()).path("concept")
        .forEach(c -> recommendations.put(c.path("code").asText(), c.path("display").asText()));
    Map<String, String> inJava = new LinkedHashMap<>();
    Arrays.stream(VteRecommendation.values()).forEach(r -> inJava.put(r.code(), r.display()));
    assertThat(inJava).isEqualTo(recommendations);

    List<String> mobility = json.readTree(PACKAGE.resolve("CodeSystem-vte-mobility.json").toFile()).path("concept")
        .findValuesAsText("code");
    assertThat(Arrays.stream(VteAnswers.Mobility.values()).map(VteAnswers.Mobility::code)).containsExactlyElementsOf(mobility);
  }
}
