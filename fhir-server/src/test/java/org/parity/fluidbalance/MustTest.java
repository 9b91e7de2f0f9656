package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MustTest {

  private static MustResult screen(double weightKg, double heightCm, Double previousKg, boolean acute) {
    return Must.screen(new MustInput(weightKg, heightCm, previousKg, acute));
  }

  @ParameterizedTest(name = "{0} kg at 200 cm: BMI {1} scores {2}")
  @CsvSource({
    // height 200 cm = 4 m², so BMI = weight / 4; BMI is rounded half-up to 1 dp before scoring
    "73.6,  18.4, 2",
    "73.76, 18.4, 2", // 18.44 -> 18.4
    "73.8,  18.5, 1", // 18.45 -> 18.5
    "74,    18.5, 1",
    "80,    20.0, 1",
    "80.16, 20.0, 1", // 20.04 -> 20.0
    "80.2,  20.1, 0", // 20.05 -> 20.1
    "80.4,  20.1, 0",
    "120,   30.0, 0",
  })
  void bmiBands(double weightKg, double bmi, int score) {
    MustResult r = screen(weightKg, 200, weightKg, false);
    assertThat(r.bmi()).isEqualTo(bmi);
    assertThat(r.bmiScore()).isEqualTo(score);
  }

  @Test
  void bmiFromOrdinaryHeight() {
    // 70 kg / 1.75² = 22.857... -> 22.9
    assertThat(screen(70, 175, null, false).bmi()).isEqualTo(22.9);
  }

  @ParameterizedTest(name = "{0} -> {1} kg: {2} % scores {3}")
  @CsvSource({
    "100, 95.01, 4.99,  0",
    "100, 95,    5.0,   1",
    "100, 90,    10.0,  1",
    "100, 89.99, 10.01, 2",
    "70,  66.5,  5.0,   1", // 3.5 / 70 = 5 % exactly (binary floating point would not say so)
    "63,  56.7,  10.0,  1", // 6.3 / 63 = 10 % exactly
    "100, 105,   0.0,   0", // a gain is 0 %
    "80,  80,    0.0,   0",
  })
  void weightLossBands(double previousKg, double currentKg, double percent, int score) {
    MustResult r = screen(currentKg, 170, previousKg, false);
    assertThat(r.weightLossPercent()).isEqualTo(percent);
    assertThat(r.weightLossScore()).isEqualTo(score);
  }

  @Test
  void unknownPreviousWeightScoresZeroAndSaysSo() {
    MustResult r = screen(70, 175, null, false);
    assertThat(r.weightLossPercent()).isNull();
    assertThat(r.weightLossScore()).isZero();
    assertThat(r.management()).anyMatch(line -> line.contains("Weight 3-6 months ago unknown"));
    assertThat(screen(70, 175, 70.0, false).management()).noneMatch(line -> line.contains("unknown"));
  }

  @Test
  void lowRisk() {
    MustResult r = screen(70, 175, 71.0, false); // BMI 22.9, loss 1.4 %
    assertThat(r.bmiScore()).isZero();
    assertThat(r.weightLossScore()).isZero();
    assertThat(r.acuteDiseaseScore()).isZero();
    assertThat(r.total()).isZero();
    assertThat(r.risk()).isEqualTo(MustResult.Risk.LOW);
    assertThat(r.management()).containsExactly(
        "Low risk: routine clinical care",
        "Repeat screening: in hospital weekly",
        "Treat the underlying condition and give help and advice on food choices, eating and drinking when"
            + " necessary",
        "Record the malnutrition risk category",
        "Record the need for special diets and follow local policy");
  }

  @Test
  void mediumRisk() {
    MustResult r = screen(76, 200, 76.0, false); // BMI 19.0 -> 1
    assertThat(r.total()).isEqualTo(1);
    assertThat(r.risk()).isEqualTo(MustResult.Risk.MEDIUM);
    assertThat(r.management()).anyMatch(l -> l.contains("document dietary intake for 3 days"))
        .anyMatch(l -> l.contains("little clinical concern") && l.contains("follow local policy"))
        .anyMatch(l -> l.contains("Repeat screening: in hospital weekly"))
        .anyMatch(l -> l.contains("Record the malnutrition risk category"))
        .noneMatch(l -> l.contains("dietitian"));
  }

  @Test
  void highRiskFromBmiAlone() {
    MustResult r = screen(68, 200, 68.0, false); // BMI 17.0 -> 2
    assertThat(r.total()).isEqualTo(2);
    assertThat(r.risk()).isEqualTo(MustResult.Risk.HIGH);
    assertThat(r.management())
        .anyMatch(l -> l.contains("refer to a dietitian or nutrition support team, or implement local policy"))
        .anyMatch(l -> l.contains("Set goals, improve and increase overall nutritional intake"))
        .anyMatch(l -> l.contains("Monitor and review the care plan: in hospital at least weekly"))
        .anyMatch(l -> l.contains("Treat the underlying condition"))
        .anyMatch(l -> l.contains("special diets"))
        .noneMatch(l -> l.contains("routine clinical care"));
  }

  @Test
  void highRiskFromAcuteDiseaseAlone() {
    MustResult r = screen(70, 175, 70.0, true);
    assertThat(r.acuteDiseaseScore()).isEqualTo(2);
    assertThat(r.total()).isEqualTo(2);
    assertThat(r.risk()).isEqualTo(MustResult.Risk.HIGH);
  }

  @Test
  void mediumFromWeightLossAloneAndHighestPossibleTotal() {
    assertThat(screen(92, 200, 100.0, false).risk()).isEqualTo(MustResult.Risk.MEDIUM); // BMI 23, 8 % loss
    MustResult worst = screen(60, 200, 80.0, true); // BMI 15 (2), 25 % loss (2), acute (2)
    assertThat(worst.total()).isEqualTo(6);
    assertThat(worst.risk()).isEqualTo(MustResult.Risk.HIGH);
  }

  @Test
  void obesityRecordedOnlyAboveBmi30() {
    assertThat(screen(124, 200, 124.0, false).management()) // BMI 31.0
        .anyMatch(l -> l.contains("Record the presence of obesity"));
    assertThat(screen(120, 200, 120.0, false).management()) // BMI 30.0
        .noneMatch(l -> l.contains("obesity"));
  }

  @Test
  void invalidMeasurementsAreRefused() {
    assertThatThrownBy(() -> screen(0, 170, null, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> screen(-70, 170, null, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> screen(70, 0, null, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> screen(Double.NaN, 170, null, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> screen(70, Double.POSITIVE_INFINITY, null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> screen(70, 170, 0.0, false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void managementIsImmutable() {
    assertThatThrownBy(() -> screen(70, 175, 70.0, false).management().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
