package org.parity.phr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every threshold of the Lester resource (clinical-reference §4.2), both sides of each boundary. */
class LesterFlagsTest {

  static PhrAnswers values(Map<String, Double> quantities) {
    return new PhrAnswers(quantities.keySet(), Map.of(), quantities, Map.of(), Optional.empty());
  }

  static PhrAnswers values(Map<String, Double> quantities, Map<String, Boolean> flags) {
    return new PhrAnswers(quantities.keySet(), Map.of(), quantities, flags, Optional.empty());
  }

  static Set<String> domains(PhrAnswers answers) {
    return Set.copyOf(LesterFlags.highlights(answers).stream().map(LesterFlags.Highlight::domain).toList());
  }

  @Test
  void nothingRecordedNothingHighlighted() {
    assertThat(LesterFlags.highlights(values(Map.of()))).isEmpty();
  }

  @Test
  void currentSmokerOnly() {
    PhrAnswers smoker = new PhrAnswers(Set.of("smoking-status"), Map.of(), Map.of(), Map.of(), Optional.of("77176002"));
    PhrAnswers exSmoker = new PhrAnswers(Set.of("smoking-status"), Map.of(), Map.of(), Map.of(), Optional.of("8517006"));
    assertThat(LesterFlags.highlights(smoker)).singleElement().satisfies(h -> {
      assertThat(h.domain()).isEqualTo("smoking");
      assertThat(h.action()).contains("Brief intervention").contains("stop smoking service").contains("nicotine replacement");
    });
    assertThat(LesterFlags.highlights(exSmoker)).isEmpty();
  }

  @ParameterizedTest(name = "poor diet {0}, sedentary {1} -> {2}")
  @CsvSource({"false,false,false", "true,false,true", "false,true,true", "true,true,true"})
  void poorDietOrSedentary(boolean diet, boolean sedentary, boolean flagged) {
    PhrAnswers answers = values(Map.of(), Map.of("poor-diet", diet, "sedentary", sedentary));
    assertThat(domains(answers).contains("lifestyle")).isEqualTo(flagged);
    if (flagged) {
      assertThat(LesterFlags.highlights(answers).get(0).action()).isEqualTo("Lifestyle advice on diet and physical activity");
    }
  }

  @ParameterizedTest(name = "BMI {0}, lower threshold {1} -> {2}")
  @CsvSource({"24.9,false,false", "25.0,false,true", "22.9,true,false", "23.0,true,true", "24.9,true,true"})
  void bmiThreshold(double bmi, boolean lower, boolean flagged) {
    PhrAnswers answers = values(Map.of("bmi-value", bmi), Map.of("bmi-lower-threshold", lower));
    assertThat(domains(answers).contains("bmi-weight")).isEqualTo(flagged);
    if (flagged) {
      assertThat(LesterFlags.highlights(answers).get(0).action())
          .isEqualTo("Lifestyle advice; medication review; follow NICE obesity guidance");
    }
  }

  @ParameterizedTest(name = "{0} kg, {1} cm -> BMI {2}")
  @CsvSource({"80.9,180,25.0", "80.8,180,24.9", "72,170,24.9", "92.4,178,29.2"})
  void bmiCalculatedToOneDecimal(double kg, double cm, String bmi) {
    PhrAnswers answers = values(Map.of("weight-value", kg, "height-value", cm));
    assertThat(LesterFlags.bmi(answers)).hasValueSatisfying(b -> assertThat(b.toPlainString()).isEqualTo(bmi));
    assertThat(domains(answers).contains("bmi-weight")).isEqualTo(Double.parseDouble(bmi) >= 25);
  }

  @ParameterizedTest(name = "gain {0} kg -> {1}")
  @CsvSource({"5.0,false", "5.1,true", "0,false"})
  void weightGainOverThreeMonths(double gain, boolean flagged) {
    assertThat(domains(values(Map.of("weight-gain-3-months", gain))).contains("bmi-weight")).isEqualTo(flagged);
  }

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({"140,90,false", "141,90,true", "140,91,true", "140.5,80,true", "120,90.5,true", "100,60,false"})
  void bloodPressure(double systolic, double diastolic, boolean flagged) {
    PhrAnswers answers = values(Map.of("bp-systolic", systolic, "bp-diastolic", diastolic));
    assertThat(domains(answers).contains("blood-pressure")).isEqualTo(flagged);
    if (flagged) {
      assertThat(LesterFlags.highlights(answers).get(0).action())
          .isEqualTo("Follow NICE hypertension guidance; consider antihypertensives; limit salt");
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "hba1c, 41.9, NORMAL", "hba1c, 42, HIGH_RISK_OF_DIABETES", "hba1c, 47.9, HIGH_RISK_OF_DIABETES",
      "hba1c, 48, DIABETES",
      "fasting-glucose, 5.4, NORMAL", "fasting-glucose, 5.5, HIGH_RISK_OF_DIABETES",
      "fasting-glucose, 6.9, HIGH_RISK_OF_DIABETES", "fasting-glucose, 7.0, DIABETES",
      "random-glucose, 11.0, NORMAL", "random-glucose, 11.1, DIABETES"})
  void glucoseBands(String linkId, double value, LesterFlags.GlucoseBand band) {
    PhrAnswers answers = values(Map.of(linkId, value));
    assertThat(LesterFlags.glucoseBand(answers)).isEqualTo(band);
    var glucose = LesterFlags.highlights(answers).stream().filter(h -> h.domain().equals("glucose")).findFirst();
    switch (band) {
      case NORMAL -> assertThat(glucose).isEmpty();
      case HIGH_RISK_OF_DIABETES -> assertThat(glucose).hasValueSatisfying(h -> assertThat(h.action())
          .isEqualTo("Intensive structured lifestyle programme; if ineffective, consider metformin"));
      case DIABETES -> assertThat(glucose).hasValueSatisfying(h -> assertThat(h.action())
          .isEqualTo("Endocrine review; follow NICE diabetes guidance"));
    }
  }

  @Test
  void theWorstGlucoseMeasureDecides() {
    Map<String, Double> mixed = new HashMap<>(Map.of("hba1c", 44.0, "random-glucose", 12.0));
    assertThat(LesterFlags.glucoseBand(values(mixed))).isEqualTo(LesterFlags.GlucoseBand.DIABETES);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({"total-cholesterol, 6.0, false", "total-cholesterol, 6.1, true",
      "cvd-risk, 20, false", "cvd-risk, 20.1, true"})
  void lipids(String linkId, double value, boolean flagged) {
    PhrAnswers answers = values(Map.of(linkId, value));
    assertThat(domains(answers).contains("lipids")).isEqualTo(flagged);
    if (flagged) {
      assertThat(LesterFlags.highlights(answers).get(0).action()).startsWith("Follow NICE lipid modification guidance");
    }
  }
}
