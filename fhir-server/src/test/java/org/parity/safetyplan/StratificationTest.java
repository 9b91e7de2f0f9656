package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parity.safetyplan.Stratification.Code;
import org.parity.safetyplan.Stratification.Concept;
import org.parity.safetyplan.Stratification.Reading;
import org.parity.safetyplan.Stratification.Terms;
import org.parity.safetyplan.Stratification.Value;

class StratificationTest {

  static final String SCT = "http://snomed.info/sct";
  static final String LOINC = "http://loinc.org";
  static final String PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability";
  static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
  static final String LOCAL = "https://trust.example.nhs.uk/codes";

  static final Terms TERMS = new Terms(
      Map.of(SCT + "|225337009", "Suicide risk assessment", SCT + "|6471006", "Suicidal thoughts",
          SCT + "|248062006", "Self-injurious behavior", LOINC + "|93374-7", "Suicide risk level"),
      Map.of(PROBABILITY + "|high", "High likelihood", SCT + "|75540009", "High", SCT + "|62482003", "Low",
          INTERPRETATION + "|H", "High"));

  final Stratification rules = new Stratification(TERMS);

  static Concept concept(String path, String text, Code... codes) {
    return Concept.of(path, text, codes);
  }

  static final Code SUICIDE_RISK_ASSESSMENT = new Code(SCT, "225337009", null);
  static final Code HIGH = new Code(SCT, "75540009", null);

  static List<String> paths(List<Problem> problems) {
    return problems.stream().map(Problem::expression).toList();
  }

  // RiskAssessment

  @Test
  void riskAssessmentAboutSuicideMayNotGradeTheRisk() {
    List<Concept> about = List.of(concept("RiskAssessment.code", null, SUICIDE_RISK_ASSESSMENT));
    Concept qualitative = concept("RiskAssessment.prediction[0].qualitativeRisk", null, new Code(PROBABILITY, "high", null));
    List<Problem> problems = rules.riskAssessment(about, List.of(Value.coded(qualitative)), List.of(about.get(0), qualitative));
    assertThat(paths(problems)).containsExactly("RiskAssessment.prediction[0].qualitativeRisk");
    assertThat(problems.get(0).reason()).contains("qualitativeRisk");
  }

  @Test
  void probabilityAndRelativeRiskAreRefusedWhateverTheValue() {
    List<Concept> about = List.of(concept("RiskAssessment.prediction[0].outcome", "Self-harm"));
    List<Problem> problems = rules.riskAssessment(about,
        List.of(Value.number("RiskAssessment.prediction[0].probability.ofType(decimal)"),
            Value.number("RiskAssessment.prediction[0].relativeRisk")), about);
    assertThat(paths(problems)).containsExactly("RiskAssessment.prediction[0].probability.ofType(decimal)",
        "RiskAssessment.prediction[0].relativeRisk");
  }

  @Test
  void aLevelCodingAnywhereInASuicideRiskAssessment() {
    List<Concept> about = List.of(concept("RiskAssessment.code", "Suicide risk assessment"));
    Concept method = concept("RiskAssessment.method", null, new Code(LOCAL, "x", "Medium risk"));
    assertThat(paths(rules.riskAssessment(about, List.of(), List.of(about.get(0), method))))
        .containsExactly("RiskAssessment.method");
  }

  @Test
  void aSuicideRiskAssessmentWithOnlyTextIsAllowed() {
    // Mitigation and notes are the clinician's words: not given to the rules at all.
    List<Concept> about = List.of(concept("RiskAssessment.code", null, SUICIDE_RISK_ASSESSMENT),
        concept("RiskAssessment.prediction[0].outcome", "Suicide"));
    assertThat(rules.riskAssessment(about, List.of(), about)).isEmpty();
  }

  @Test
  void otherRiskAssessmentsMayGradeTheirRisk() {
    List<Concept> about = List.of(concept("RiskAssessment.code", "VTE risk assessment"));
    Concept qualitative = concept("RiskAssessment.prediction[0].qualitativeRisk", null, new Code(PROBABILITY, "high", null));
    assertThat(rules.riskAssessment(about, List.of(Value.coded(qualitative),
        Value.number("RiskAssessment.prediction[0].probability.ofType(decimal)")), List.of(qualitative))).isEmpty();
  }

  // Flag

  @ParameterizedTest
  @ValueSource(strings = {"High risk of suicide", "Suicide risk: HIGH", "low risk of self-harm", "Self harm - medium risk",
      "No risk of suicide", "Very high suicide risk", "DSH risk: moderate"})
  void flagsNamingALevelAreRefused(String text) {
    assertThat(paths(rules.flag(List.of(concept("Flag.code", text))))).containsExactly("Flag.code");
  }

  @Test
  void flagWithTopicAndLevelCodings() {
    Concept code = concept("Flag.code", null, new Code(SCT, "6471006", null), HIGH);
    assertThat(paths(rules.flag(List.of(code)))).containsExactly("Flag.code");
  }

  @Test
  void flagWithSuicideCategoryAndALevelCode() {
    List<Concept> concepts = List.of(concept("Flag.category[0]", "Suicide and self-harm"),
        concept("Flag.code", null, new Code(PROBABILITY, "high", null)));
    assertThat(paths(rules.flag(concepts))).containsExactly("Flag.code");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Safety plan in place", "Read the safety plan before leave", "At risk for suicide",
      "High risk of falls", "Self-harm history: see safety plan", "Allergy: penicillin - high severity"})
  void flagsWithoutALevelOfSuicideRiskAreAllowed(String text) {
    assertThat(rules.flag(List.of(concept("Flag.code", text)))).isEmpty();
  }

  // Observation

  static Reading reading(Concept code, Value value, Concept... interpretation) {
    return new Reading(code, value, List.of(interpretation));
  }

  @Test
  void suicideRiskWithANumberIsRefused() {
    Reading risk = reading(concept("Observation.code", "Suicide risk"), Value.number("Observation.value.ofType(integer)"));
    assertThat(paths(rules.observation(risk, List.of()))).containsExactly("Observation.value.ofType(integer)");
  }

  @Test
  void theValueSetDisplayNamesTheRisk() {
    // LOINC 93374-7 sent without a display: the ValueSet's "Suicide risk level" says it is a risk.
    Reading risk = reading(concept("Observation.code", null, new Code(LOINC, "93374-7", null)),
        Value.number("Observation.value.ofType(Quantity)"));
    assertThat(paths(rules.observation(risk, List.of()))).containsExactly("Observation.value.ofType(Quantity)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"High", "low", "Moderate risk", "very high", "Amber", "RAG: red", "no risk"})
  void suicideRiskWithALevelWordIsRefused(String level) {
    Reading risk = reading(concept("Observation.code", "Suicide risk"), Value.string("Observation.value.ofType(string)", level));
    assertThat(paths(rules.observation(risk, List.of()))).containsExactly("Observation.value.ofType(string)");
  }

  @Test
  void suicideTopicWithALevelCodingIsRefused() {
    Reading thoughts = reading(concept("Observation.code", null, new Code(SCT, "6471006", null)),
        Value.coded(concept("Observation.value.ofType(CodeableConcept)", null, HIGH)));
    assertThat(paths(rules.observation(thoughts, List.of()))).containsExactly("Observation.value.ofType(CodeableConcept)");
  }

  @Test
  void aLevelInterpretationOfASuicideScoreIsRefused() {
    Reading score = reading(concept("Observation.code", "Suicide risk score"), null,
        concept("Observation.interpretation[0]", null, new Code(INTERPRETATION, "H", null)));
    assertThat(paths(rules.observation(score, List.of()))).containsExactly("Observation.interpretation[0]");
  }

  @Test
  void aComponentOfASuicideRiskAssessment() {
    Reading panel = reading(concept("Observation.code", null, SUICIDE_RISK_ASSESSMENT), null);
    Reading total = reading(concept("Observation.component[1].code", "Total"), Value.number("Observation.component[1].value.ofType(integer)"));
    Reading wish = reading(concept("Observation.component[0].code", "Wish to be dead"),
        Value.string("Observation.component[0].value.ofType(string)", "Yes"));
    assertThat(paths(rules.observation(panel, List.of(wish, total)))).containsExactly("Observation.component[1].value.ofType(integer)");
  }

  @Test
  void aComponentNamingSuicideRiskInsideAGenericObservation() {
    Reading mentalState = reading(concept("Observation.code", "Mental state examination"), null);
    Reading component = reading(concept("Observation.component[2].code", "Risk to self (suicide)"),
        Value.coded(concept("Observation.component[2].value.ofType(CodeableConcept)", null, new Code(SCT, "62482003", "Low"))));
    assertThat(paths(rules.observation(mentalState, List.of(component))))
        .containsExactly("Observation.component[2].value.ofType(CodeableConcept)");
  }

  @Test
  void aGenericCodeWithAValueThatIsASuicideLevel() {
    Reading generic = reading(concept("Observation.code", "Risk assessment"),
        Value.coded(concept("Observation.value.ofType(CodeableConcept)", "High suicide risk")));
    assertThat(paths(rules.observation(generic, List.of()))).containsExactly("Observation.value.ofType(CodeableConcept)");
  }

  @Test
  void countingSelfHarmEpisodesIsAllowed() {
    Reading count = reading(concept("Observation.code", "Number of self-harm episodes this week"),
        Value.number("Observation.value.ofType(integer)"),
        concept("Observation.interpretation[0]", null, new Code(INTERPRETATION, "H", null)));
    assertThat(rules.observation(count, List.of())).isEmpty();
    Reading coded = reading(concept("Observation.code", null, new Code(SCT, "248062006", null)),
        Value.number("Observation.value.ofType(Quantity)"));
    assertThat(rules.observation(coded, List.of())).isEmpty();
  }

  @Test
  void findingsAndOtherLevelsAreAllowed() {
    Reading thoughts = reading(concept("Observation.code", null, new Code(SCT, "6471006", "Suicidal thoughts")),
        Value.string("Observation.value.ofType(string)", "None today; says she feels low in the evenings"));
    assertThat(rules.observation(thoughts, List.of())).isEmpty();
    Reading none = reading(concept("Observation.code", "Suicidal thoughts"), Value.string("Observation.value.ofType(string)", "none"));
    assertThat(rules.observation(none, List.of())).isEmpty();
    Reading news = reading(concept("Observation.code", "NEWS2 score"), Value.number("Observation.value.ofType(integer)"),
        concept("Observation.interpretation[0]", null, new Code(INTERPRETATION, "H", null)));
    assertThat(rules.observation(news, List.of())).isEmpty();
    Reading potassium = reading(concept("Observation.code", "Potassium"),
        Value.coded(concept("Observation.value.ofType(CodeableConcept)", null, HIGH)));
    assertThat(rules.observation(potassium, List.of())).isEmpty();
  }

  // Safety plan

  @Test
  void aLevelCodingAnywhereInASafetyPlan() {
    List<Concept> concepts = List.of(
        concept("CarePlan.category[0]", null, new Code("https://parity-epr.org/fhir/CodeSystem/safety-plan", "safety-plan", "Safety plan")),
        concept("CarePlan.activity[0].detail.code", null, new Code("https://parity-epr.org/fhir/CodeSystem/safety-plan", "warning-signs", "My warning signs")),
        concept("CarePlan.activity[0].detail.reasonCode[0]", null, new Code(PROBABILITY, "high", null)));
    assertThat(paths(rules.safetyPlan(concepts, List.of()))).containsExactly("CarePlan.activity[0].detail.reasonCode[0]");
  }

  @Test
  void numbersAndLevelsInForeignExtensionsOfASafetyPlan() {
    List<Value> foreign = List.of(
        Value.number("CarePlan.extension[0].value.ofType(integer)"),
        Value.string("CarePlan.extension[1].value.ofType(string)", "Amber"),
        Value.string("CarePlan.extension[2].value.ofType(string)", "Ward 3 copy"));
    assertThat(paths(rules.safetyPlan(List.of(), foreign)))
        .containsExactly("CarePlan.extension[0].value.ofType(integer)", "CarePlan.extension[1].value.ofType(string)");
  }

  @Test
  void aSafetyPlanInThePatientsWordsIsAllowed() {
    // The patient's words (activity.detail.description) never reach the rules, even "when I feel at high risk".
    List<Concept> concepts = List.of(
        concept("CarePlan.category[0]", null, new Code("https://parity-epr.org/fhir/CodeSystem/safety-plan", "safety-plan", "Safety plan")),
        concept("CarePlan.activity[0].detail.code", null, new Code("https://parity-epr.org/fhir/CodeSystem/safety-plan", "warning-signs", "My warning signs")),
        concept("CarePlan.extension[0].extension[1].value.ofType(Coding)", null,
            new Code("https://parity-epr.org/fhir/CodeSystem/safety-plan", "agreed-in-person", "Agreed in person")));
    assertThat(rules.safetyPlan(concepts, List.of())).isEmpty();
  }

  // Words

  @ParameterizedTest
  @ValueSource(strings = {"Suicide", "suicidal ideation", "Self-harm", "self harm", "SELF-INJURY", "self-injurious behaviour",
      "DSH", "Deliberate self harm", "thoughts of ending my life", "parasuicide"})
  void topicWords(String text) {
    assertThat(Stratification.topicText(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Falls", "Harm to others", "Selfie", "Overdose of paracetamol (accidental)", "Safety plan"})
  void notTopicWords(String text) {
    assertThat(Stratification.topicText(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Low mood", "No", "none", "Yes", "Reviewed with the patient", "Risk factors discussed",
      "Highly motivated", "Nil by mouth"})
  void notLevels(String text) {
    assertThat(Stratification.levelText(text)).isFalse();
  }
}
