package org.parity.news2;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NEWS2 against RCP Chart 1, 3 and 4 (clinical-reference §1.1–1.3): every band boundary of every parameter, both
 * sides, one parameter varied from an all-zero set so the total shows the sub-score alone.
 */
class News2Test {

  private static final VitalSigns NORMAL = new VitalSigns(d("16"), d("97"), false, d("120"), d("70"),
      Consciousness.ALERT, d("37.0"), SpO2Scale.SCALE_1);

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  private static News2Score scored(VitalSigns signs) {
    News2Result result = News2.score(signs);
    assertThat(result).isInstanceOf(News2Result.Scored.class);
    return ((News2Result.Scored) result).score();
  }

  private static VitalSigns with(News2Parameter p, Object value) {
    VitalSigns n = NORMAL;
    return new VitalSigns(
        p == News2Parameter.RESPIRATION_RATE ? (BigDecimal) value : n.respirationRate(),
        p == News2Parameter.SPO2 ? (BigDecimal) value : n.spo2(),
        p == News2Parameter.AIR_OR_OXYGEN ? (Boolean) value : n.onOxygen(),
        p == News2Parameter.SYSTOLIC_BP ? (BigDecimal) value : n.systolic(),
        p == News2Parameter.PULSE ? (BigDecimal) value : n.pulse(),
        p == News2Parameter.CONSCIOUSNESS ? (Consciousness) value : n.consciousness(),
        p == News2Parameter.TEMPERATURE ? (BigDecimal) value : n.temperature(),
        n.scale());
  }

  private static void assertOnly(News2Parameter p, VitalSigns signs, int expected) {
    News2Score score = scored(signs);
    assertThat(score.subScore(p)).as("%s sub-score", p).isEqualTo(expected);
    assertThat(score.total()).as("total with only %s abnormal", p).isEqualTo(expected);
    assertThat(score.red()).isEqualTo(expected == 3);
  }

  // --- Chart 1, parameter by parameter

  @ParameterizedTest(name = "respiration {0}/min scores {1}")
  @CsvSource({
      "0,3", "8,3", "9,1", "11,1", "12,0", "16,0", "20,0", "21,2", "24,2", "25,3", "60,3",
      // between bands: the higher score
      "8.5,3", "11.5,1", "20.5,2", "24.5,3"})
  void respirationRate(String rate, int expected) {
    assertOnly(News2Parameter.RESPIRATION_RATE, with(News2Parameter.RESPIRATION_RATE, d(rate)), expected);
  }

  @ParameterizedTest(name = "SpO2 scale 1 {0}% scores {1}")
  @CsvSource({"50,3", "91,3", "92,2", "93,2", "94,1", "95,1", "96,0", "100,0", "91.5,3", "93.5,2", "95.5,1"})
  void spo2Scale1OnAir(String spo2, int expected) {
    assertOnly(News2Parameter.SPO2, with(News2Parameter.SPO2, d(spo2)), expected);
  }

  @ParameterizedTest(name = "SpO2 scale 1 {0}% on oxygen scores {1} plus 2 for oxygen")
  @CsvSource({"91,3", "92,2", "95,1", "96,0", "100,0"})
  void spo2Scale1OnOxygenIsTheSameBandsPlusTwoForOxygen(String spo2, int expected) {
    VitalSigns signs = new VitalSigns(d("16"), d(spo2), true, d("120"), d("70"), Consciousness.ALERT, d("37.0"),
        SpO2Scale.SCALE_1);
    News2Score score = scored(signs);
    assertThat(score.subScore(News2Parameter.SPO2)).isEqualTo(expected);
    assertThat(score.subScore(News2Parameter.AIR_OR_OXYGEN)).isEqualTo(2);
    assertThat(score.total()).isEqualTo(expected + 2);
  }

  @ParameterizedTest(name = "SpO2 scale 2 {0}% on air scores {1}")
  @CsvSource({"70,3", "83,3", "84,2", "85,2", "86,1", "87,1", "88,0", "92,0", "93,0", "96,0", "97,0", "100,0",
      "83.5,3", "92.5,0"})
  void spo2Scale2OnAir(String spo2, int expected) {
    VitalSigns signs = new VitalSigns(d("16"), d(spo2), false, d("120"), d("70"), Consciousness.ALERT, d("37.0"),
        SpO2Scale.SCALE_2);
    News2Score score = scored(signs);
    assertThat(score.scale()).isEqualTo(SpO2Scale.SCALE_2);
    assertThat(score.subScore(News2Parameter.SPO2)).isEqualTo(expected);
    assertThat(score.total()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "SpO2 scale 2 {0}% on oxygen scores {1}")
  @CsvSource({"70,3", "83,3", "84,2", "85,2", "86,1", "87,1", "88,0", "92,0", "93,1", "94,1", "95,2", "96,2",
      "97,3", "100,3", "92.5,1", "94.5,2", "96.5,3"})
  void spo2Scale2OnOxygen(String spo2, int expected) {
    VitalSigns signs = new VitalSigns(d("16"), d(spo2), true, d("120"), d("70"), Consciousness.ALERT, d("37.0"),
        SpO2Scale.SCALE_2);
    News2Score score = scored(signs);
    assertThat(score.subScore(News2Parameter.SPO2)).isEqualTo(expected);
    assertThat(score.subScore(News2Parameter.AIR_OR_OXYGEN)).isEqualTo(2);
    assertThat(score.total()).isEqualTo(expected + 2);
    assertThat(score.red()).isEqualTo(expected == 3);
  }

  @Test
  void sameSaturationScoresDifferentlyOnTheTwoScales() {
    VitalSigns scale1 = with(News2Parameter.SPO2, d("90"));
    VitalSigns scale2 = new VitalSigns(d("16"), d("90"), false, d("120"), d("70"), Consciousness.ALERT, d("37.0"),
        SpO2Scale.SCALE_2);
    assertThat(scored(scale1).subScore(News2Parameter.SPO2)).isEqualTo(3);
    assertThat(scored(scale2).subScore(News2Parameter.SPO2)).isZero();
  }

  @Test
  void airScoresZeroAndOxygenTwo() {
    assertOnly(News2Parameter.AIR_OR_OXYGEN, with(News2Parameter.AIR_OR_OXYGEN, false), 0);
    assertOnly(News2Parameter.AIR_OR_OXYGEN, with(News2Parameter.AIR_OR_OXYGEN, true), 2);
  }

  @ParameterizedTest(name = "systolic {0} mmHg scores {1}")
  @CsvSource({"50,3", "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3", "260,3",
      "90.5,3", "100.5,2", "110.5,1", "219.5,3"})
  void systolicBloodPressure(String mmHg, int expected) {
    assertOnly(News2Parameter.SYSTOLIC_BP, with(News2Parameter.SYSTOLIC_BP, d(mmHg)), expected);
  }

  @ParameterizedTest(name = "pulse {0}/min scores {1}")
  @CsvSource({"20,3", "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3", "200,3",
      "40.5,3", "50.5,1", "90.5,1", "110.5,2", "130.5,3"})
  void pulse(String rate, int expected) {
    assertOnly(News2Parameter.PULSE, with(News2Parameter.PULSE, d(rate)), expected);
  }

  @ParameterizedTest(name = "consciousness {0} scores {1}")
  @CsvSource({"ALERT,0", "NEW_CONFUSION,3", "VOICE,3", "PAIN,3", "UNRESPONSIVE,3"})
  void consciousness(Consciousness level, int expected) {
    assertOnly(News2Parameter.CONSCIOUSNESS, with(News2Parameter.CONSCIOUSNESS, level), expected);
  }

  @ParameterizedTest(name = "temperature {0} °C scores {1}")
  @CsvSource({"30.0,3", "35.0,3", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2", "42.0,2",
      "35,3", "36.10,0", "35.05,3", "36.05,1", "38.05,1", "39.05,2"})
  void temperature(String celsius, int expected) {
    assertOnly(News2Parameter.TEMPERATURE, with(News2Parameter.TEMPERATURE, d(celsius)), expected);
  }

  @Test
  void acvpuCodesAreTheUkCoreOnes() {
    assertThat(Consciousness.fromSnomed("248234008")).contains(Consciousness.ALERT);
    assertThat(Consciousness.fromSnomed("130987000")).contains(Consciousness.NEW_CONFUSION);
    assertThat(Consciousness.fromSnomed("300202002")).contains(Consciousness.VOICE);
    assertThat(Consciousness.fromSnomed("450847001")).contains(Consciousness.PAIN);
    assertThat(Consciousness.fromSnomed("422768004")).contains(Consciousness.UNRESPONSIVE);
    assertThat(Consciousness.fromSnomed("1104441000000107")).isEmpty();
  }

  // --- totals 0..20 and the Chart 3/4 row, over every combination of one value per sub-score

  private record Choice(String value, int score) {}

  private static final List<Choice> RR = List.of(new Choice("16", 0), new Choice("10", 1), new Choice("22", 2),
      new Choice("5", 3));
  private static final List<Choice> SAT = List.of(new Choice("97", 0), new Choice("95", 1), new Choice("92", 2),
      new Choice("85", 3));
  private static final List<Choice> O2 = List.of(new Choice("false", 0), new Choice("true", 2));
  private static final List<Choice> SBP = List.of(new Choice("120", 0), new Choice("105", 1), new Choice("95", 2),
      new Choice("80", 3));
  private static final List<Choice> HR = List.of(new Choice("70", 0), new Choice("45", 1), new Choice("120", 2),
      new Choice("35", 3));
  private static final List<Choice> ACVPU = List.of(new Choice("ALERT", 0), new Choice("NEW_CONFUSION", 3));
  private static final List<Choice> TEMP = List.of(new Choice("37.0", 0), new Choice("35.5", 1),
      new Choice("39.5", 2), new Choice("34.0", 3));

  /** RCP Chart 4, written out independently of the code under test. */
  private static News2Response chart4(int total, boolean red) {
    if (total >= 7) {
      return News2Response.EMERGENCY;
    } else if (total >= 5) {
      return News2Response.URGENT;
    } else if (red) {
      return News2Response.SINGLE_PARAMETER_RED;
    } else if (total == 0) {
      return News2Response.ROUTINE;
    }
    return News2Response.WARD_ASSESSMENT;
  }

  @Test
  void everyCombinationTotalsItsSubScoresFrom0To20WithTheChart4Row() {
    Set<Integer> totals = new TreeSet<>();
    int combinations = 0;
    for (Choice rr : RR) {
      for (Choice sat : SAT) {
        for (Choice o2 : O2) {
          for (Choice sbp : SBP) {
            for (Choice hr : HR) {
              for (Choice c : ACVPU) {
                for (Choice t : TEMP) {
                  VitalSigns signs = new VitalSigns(d(rr.value), d(sat.value), Boolean.valueOf(o2.value),
                      d(sbp.value), d(hr.value), Consciousness.valueOf(c.value), d(t.value), SpO2Scale.SCALE_1);
                  int expected = rr.score + sat.score + o2.score + sbp.score + hr.score + c.score + t.score;
                  boolean red = List.of(rr, sat, sbp, hr, c, t).stream().anyMatch(x -> x.score == 3);
                  News2Score score = scored(signs);
                  assertThat(score.total()).isEqualTo(expected);
                  assertThat(score.red()).isEqualTo(red);
                  assertThat(score.response()).isEqualTo(chart4(expected, red));
                  totals.add(score.total());
                  combinations++;
                }
              }
            }
          }
        }
      }
    }
    assertThat(combinations).isEqualTo(4096);
    assertThat(totals).containsExactlyElementsOf(IntStream.rangeClosed(0, 20).boxed().collect(Collectors.toList()));
  }

  @Test
  void theWorstSetScores20OnEitherScale() {
    for (SpO2Scale scale : SpO2Scale.values()) {
      VitalSigns worst = new VitalSigns(d("8"), d("83"), true, d("90"), d("40"), Consciousness.UNRESPONSIVE,
          d("35.0"), scale);
      assertThat(scored(worst).total()).isEqualTo(20);
      assertThat(scored(worst).response()).isEqualTo(News2Response.EMERGENCY);
    }
  }

  // --- Chart 3 and Chart 4

  @ParameterizedTest(name = "total {0}, red {1}: {2}")
  @CsvSource({
      "0,false,ROUTINE,WARD_BASED,PT12H,false",
      "1,false,WARD_ASSESSMENT,WARD_BASED,PT4H,false",
      "4,false,WARD_ASSESSMENT,WARD_BASED,PT4H,false",
      "3,true,SINGLE_PARAMETER_RED,URGENT_WARD_BASED,PT1H,true",
      "4,true,SINGLE_PARAMETER_RED,URGENT_WARD_BASED,PT1H,true",
      "5,false,URGENT,URGENT,PT1H,true",
      "5,true,URGENT,URGENT,PT1H,true",
      "6,false,URGENT,URGENT,PT1H,true",
      "7,false,EMERGENCY,EMERGENCY,PT30M,true",
      "7,true,EMERGENCY,EMERGENCY,PT30M,true",
      "20,true,EMERGENCY,EMERGENCY,PT30M,true"})
  void chart3BandChart4FrequencyAndEscalation(int total, boolean red, News2Response response,
      News2Response.Chart3 band, String interval, boolean escalates) {
    assertThat(News2.response(total, red)).isEqualTo(response);
    assertThat(response.band()).isEqualTo(band);
    assertThat(response.escalates()).isEqualTo(escalates);
    OffsetDateTime effective = OffsetDateTime.parse("2026-03-29T00:30:00Z");
    assertThat(News2.nextDue(effective, response, News2Settings.defaults()))
        .isEqualTo(effective.plus(Duration.parse(interval)));
  }

  @Test
  void configuredIntervalsAreUsed() {
    News2Settings settings = new News2Settings(Duration.ofHours(8), Duration.ofHours(6), Duration.ofMinutes(45),
        Duration.ofMinutes(40), Duration.ofMinutes(15), Duration.ofMinutes(5));
    OffsetDateTime effective = OffsetDateTime.parse("2026-10-25T00:30:00+01:00");
    assertThat(News2.nextDue(effective, News2Response.ROUTINE, settings)).isEqualTo(effective.plusHours(8));
    assertThat(News2.nextDue(effective, News2Response.WARD_ASSESSMENT, settings)).isEqualTo(effective.plusHours(6));
    assertThat(News2.nextDue(effective, News2Response.SINGLE_PARAMETER_RED, settings))
        .isEqualTo(effective.plusMinutes(45));
    assertThat(News2.nextDue(effective, News2Response.URGENT, settings)).isEqualTo(effective.plusMinutes(40));
    assertThat(News2.nextDue(effective, News2Response.EMERGENCY, settings)).isEqualTo(effective.plusMinutes(15));
  }

  @Test
  void responseTextsAreChart4s() {
    assertThat(News2Response.ROUTINE.text()).contains("Continue routine NEWS monitoring");
    assertThat(News2Response.ROUTINE.monitoring()).isEqualTo("Minimum 12-hourly");
    assertThat(News2Response.WARD_ASSESSMENT.text()).contains("Inform the registered nurse", "must assess");
    assertThat(News2Response.WARD_ASSESSMENT.monitoring()).isEqualTo("Minimum 4–6-hourly");
    assertThat(News2Response.SINGLE_PARAMETER_RED.text()).contains("informs the medical team", "escalating");
    assertThat(News2Response.URGENT.text()).contains("urgent assessment", "monitoring facilities");
    assertThat(News2Response.EMERGENCY.text()).contains("specialist registrar level or above",
        "critical-care competencies", "HDU/ICU");
    assertThat(News2Response.EMERGENCY.monitoring()).isEqualTo("Continuous monitoring of vital signs");
    for (News2Response r : News2Response.values()) {
      assertThat(r.text() + r.band().text()).doesNotContainIgnoringCase("low risk").doesNotContainIgnoringCase(
          "high risk").doesNotContainIgnoringCase("medium risk");
    }
  }

  // --- incomplete sets

  @Test
  void anEmptySetNamesAllSevenInChartOrder() {
    News2Result result = News2.score(new VitalSigns(null, null, null, null, null, null, null, SpO2Scale.SCALE_1));
    assertThat(result).isInstanceOf(News2Result.Incomplete.class);
    News2Result.Incomplete incomplete = (News2Result.Incomplete) result;
    assertThat(incomplete.missing()).containsExactly(News2Parameter.values());
    assertThat(incomplete.text()).isEqualTo("Incomplete NEWS2 set, no score. Not charted: respiration rate, "
        + "oxygen saturation (SpO2), air or oxygen, systolic blood pressure, pulse, consciousness (ACVPU), "
        + "temperature.");
  }

  @ParameterizedTest
  @EnumSource(News2Parameter.class)
  void anyOneMissingParameterMeansNoScoreAndIsNamed(News2Parameter missing) {
    News2Result result = News2.score(with(missing, null));
    assertThat(result).isInstanceOf(News2Result.Incomplete.class);
    assertThat(((News2Result.Incomplete) result).missing()).containsExactly(missing);
    assertThat(((News2Result.Incomplete) result).text()).contains(missing.text());
  }

  // --- scale 2 only with a prescribed 88–92% target

  private static OxygenTarget target(boolean active, String low, String high, boolean percent, boolean byDoctor) {
    return new OxygenTarget(active, low == null ? null : d(low), high == null ? null : d(high), percent, byDoctor);
  }

  @Test
  void scale2OnlyWithAnActivePrescribed88To92PercentTarget() {
    assertThat(News2.scale(List.of())).isEqualTo(SpO2Scale.SCALE_1);
    assertThat(News2.scale(List.of(target(true, "88", "92", true, true)))).isEqualTo(SpO2Scale.SCALE_2);
    assertThat(News2.scale(List.of(target(true, "88.0", "92.0", true, true)))).isEqualTo(SpO2Scale.SCALE_2);
    assertThat(News2.scale(List.of(target(false, "94", "98", true, true), target(true, "88", "92", true, true))))
        .isEqualTo(SpO2Scale.SCALE_2);
    assertThat(News2.scale(List.of(target(false, "88", "92", true, true)))).as("not active")
        .isEqualTo(SpO2Scale.SCALE_1);
    assertThat(News2.scale(List.of(target(true, "94", "98", true, true)))).as("scale 1 target")
        .isEqualTo(SpO2Scale.SCALE_1);
    assertThat(News2.scale(List.of(target(true, "88", "94", true, true)))).as("not 88-92")
        .isEqualTo(SpO2Scale.SCALE_1);
    assertThat(News2.scale(List.of(target(true, "88", null, true, true)))).as("open range")
        .isEqualTo(SpO2Scale.SCALE_1);
    assertThat(News2.scale(List.of(target(true, "88", "92", false, true)))).as("not percent")
        .isEqualTo(SpO2Scale.SCALE_1);
    assertThat(News2.scale(List.of(target(true, "88", "92", true, false)))).as("not a practitioner's")
        .isEqualTo(SpO2Scale.SCALE_1);
  }
}
