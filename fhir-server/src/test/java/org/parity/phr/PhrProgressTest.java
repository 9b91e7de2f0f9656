package org.parity.phr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhrProgressTest {

  /** Every required item recorded (ECG too). */
  static final Map<String, Double> FULL_QUANTITIES = Map.of("weight-value", 80.0, "height-value", 180.0,
      "bp-systolic", 120.0, "bp-diastolic", 80.0, "pulse-value", 70.0, "hba1c", 38.0, "total-cholesterol", 4.5,
      "alcohol-units", 4.0, "ecg-qtc", 410.0);
  static final Set<String> FULL_RECORDED = Set.of("weight-value", "height-value", "bp-systolic", "bp-diastolic",
      "pulse-value", "hba1c", "total-cholesterol", "smoking-status", "alcohol-units", "substance-use-any",
      "examination-findings", "bloods-taken", "ecg-qtc", "lifestyle-advice-details");

  static PhrAnswers answers(Set<String> recorded, Map<String, String> notDone, Map<String, Double> quantities) {
    return new PhrAnswers(recorded, notDone, quantities, Map.of(), Optional.empty());
  }

  static PhrAnswers without(String... linkIds) {
    Set<String> recorded = new HashSet<>(FULL_RECORDED);
    Map<String, Double> quantities = new HashMap<>(FULL_QUANTITIES);
    for (String id : linkIds) {
      recorded.remove(id);
      quantities.remove(id);
    }
    return answers(recorded, Map.of(), quantities);
  }

  @Test
  void notStartedUntilTheFirstItemOrReason() {
    assertThat(PhrProgress.started(answers(Set.of(), Map.of(), Map.of()))).isFalse();
    assertThat(PhrProgress.started(answers(Set.of("pulse-value"), Map.of(), Map.of("pulse-value", 72.0)))).isTrue();
    assertThat(PhrProgress.started(answers(Set.of(), Map.of("bloods", "refused"), Map.of()))).isTrue();
  }

  @Test
  void emptyReviewMissesEveryRequiredItemInFormOrder() {
    PhrAnswers empty = answers(Set.of(), Map.of(), Map.of());
    List<PhrItem> withoutEcg = List.of(PhrItem.WEIGHT, PhrItem.HEIGHT, PhrItem.BMI, PhrItem.BLOOD_PRESSURE,
        PhrItem.PULSE, PhrItem.GLUCOSE, PhrItem.LIPIDS, PhrItem.SMOKING, PhrItem.ALCOHOL, PhrItem.SUBSTANCE_USE,
        PhrItem.PHYSICAL_EXAMINATION, PhrItem.BLOODS, PhrItem.LIFESTYLE_ADVICE);
    assertThat(PhrProgress.missing(empty, false)).containsExactlyElementsOf(withoutEcg);
    assertThat(PhrProgress.missing(empty, true)).contains(PhrItem.ECG).hasSize(withoutEcg.size() + 1);
  }

  @Test
  void everyItemRecordedIsComplete() {
    assertThat(PhrProgress.complete(without(), true)).isTrue();
  }

  @Test
  void ecgRequiredOnlyWithAnAntipsychotic() {
    PhrAnswers noEcg = without("ecg-qtc");
    assertThat(PhrProgress.complete(noEcg, false)).isTrue();
    assertThat(PhrProgress.missing(noEcg, true)).containsExactly(PhrItem.ECG);
  }

  @Test
  void aReasonCountsAsDone() {
    Set<String> recorded = new HashSet<>(FULL_RECORDED);
    recorded.remove("total-cholesterol");
    Map<String, Double> quantities = new HashMap<>(FULL_QUANTITIES);
    quantities.remove("total-cholesterol");
    assertThat(PhrProgress.missing(answers(recorded, Map.of(), quantities), false)).containsExactly(PhrItem.LIPIDS);
    assertThat(PhrProgress.complete(answers(recorded, Map.of("lipids", "declined"), quantities), false)).isTrue();
  }

  @Test
  void bloodPressureNeedsBothValues() {
    assertThat(PhrProgress.missing(without("bp-diastolic"), false)).containsExactly(PhrItem.BLOOD_PRESSURE);
  }

  @Test
  void bmiIsCalculatedFromWeightAndHeightElseNeedsAValueOrReason() {
    // No bmi-value in FULL: calculated from weight and height.
    assertThat(PhrProgress.missing(without(), false)).doesNotContain(PhrItem.BMI);
    assertThat(PhrProgress.missing(without("height-value"), false)).containsExactly(PhrItem.HEIGHT, PhrItem.BMI);
    Set<String> recorded = new HashSet<>(FULL_RECORDED);
    recorded.remove("height-value");
    recorded.add("bmi-value");
    Map<String, Double> quantities = new HashMap<>(FULL_QUANTITIES);
    quantities.remove("height-value");
    quantities.put("bmi-value", 24.0);
    assertThat(PhrProgress.missing(answers(recorded, Map.of("height", "unable to stand"), quantities), false)).isEmpty();
  }

  @Test
  void anyOneGlucoseMeasureIsEnough() {
    Set<String> recorded = new HashSet<>(FULL_RECORDED);
    recorded.remove("hba1c");
    recorded.add("random-glucose");
    assertThat(PhrProgress.missing(answers(recorded, Map.of(), FULL_QUANTITIES), false)).isEmpty();
  }
}
