package org.parity.news2;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * NEWS2 (Royal College of Physicians, 2017): Chart 1 sub-scores, the aggregate, Chart 3 band and Chart 4 response
 * and monitoring (clinical-reference §1.1–1.3). A pure function over {@link VitalSigns}: no HAPI types.
 *
 * <p>Chart 1 bands are whole numbers (temperature to one decimal). A value charted between two bands (a respiration
 * rate of 11.5, a temperature of 36.05) takes the higher of the two scores: Parity decision, the safer reading.
 */
public final class News2 {

  private static final BigDecimal SCALE_2_LOW = BigDecimal.valueOf(88);
  private static final BigDecimal SCALE_2_HIGH = BigDecimal.valueOf(92);

  // RCP Chart 1, respiration rate: ≤8 3, 9–11 1, 12–20 0, 21–24 2, ≥25 3
  private static final List<Band> RESPIRATION = List.of(
      band(null, "8", 3), band("9", "11", 1), band("12", "20", 0), band("21", "24", 2), band("25", null, 3));
  // RCP Chart 1, SpO2 scale 1: ≤91 3, 92–93 2, 94–95 1, ≥96 0
  private static final List<Band> SPO2_SCALE_1 = List.of(
      band(null, "91", 3), band("92", "93", 2), band("94", "95", 1), band("96", null, 0));
  // RCP Chart 1, SpO2 scale 2 on air: ≤83 3, 84–85 2, 86–87 1, 88–92 0, ≥93 on air 0
  private static final List<Band> SPO2_SCALE_2_AIR = List.of(
      band(null, "83", 3), band("84", "85", 2), band("86", "87", 1), band("88", "92", 0), band("93", null, 0));
  // RCP Chart 1, SpO2 scale 2 on oxygen: ≤83 3, 84–85 2, 86–87 1, 88–92 0, 93–94 1, 95–96 2, ≥97 3
  private static final List<Band> SPO2_SCALE_2_OXYGEN = List.of(
      band(null, "83", 3), band("84", "85", 2), band("86", "87", 1), band("88", "92", 0),
      band("93", "94", 1), band("95", "96", 2), band("97", null, 3));
  // RCP Chart 1, systolic BP: ≤90 3, 91–100 2, 101–110 1, 111–219 0, ≥220 3
  private static final List<Band> SYSTOLIC = List.of(
      band(null, "90", 3), band("91", "100", 2), band("101", "110", 1), band("111", "219", 0), band("220", null, 3));
  // RCP Chart 1, pulse: ≤40 3, 41–50 1, 51–90 0, 91–110 1, 111–130 2, ≥131 3
  private static final List<Band> PULSE = List.of(
      band(null, "40", 3), band("41", "50", 1), band("51", "90", 0), band("91", "110", 1), band("111", "130", 2),
      band("131", null, 3));
  // RCP Chart 1, temperature: ≤35.0 3, 35.1–36.0 1, 36.1–38.0 0, 38.1–39.0 1, ≥39.1 2
  private static final List<Band> TEMPERATURE = List.of(
      band(null, "35.0", 3), band("35.1", "36.0", 1), band("36.1", "38.0", 0), band("38.1", "39.0", 1),
      band("39.1", null, 2));

  private News2() {}

  /** Scores a set, or names what is missing: an incomplete set gets no score (issue 5; RCP NEWS2 needs all seven). */
  public static News2Result score(VitalSigns signs) {
    Objects.requireNonNull(signs, "signs");
    List<News2Parameter> missing = signs.missing();
    if (!missing.isEmpty()) {
      return new News2Result.Incomplete(missing);
    }
    Map<News2Parameter, Integer> sub = new EnumMap<>(News2Parameter.class);
    sub.put(News2Parameter.RESPIRATION_RATE, respiration(signs.respirationRate()));
    sub.put(News2Parameter.SPO2, spo2(signs.spo2(), signs.onOxygen(), signs.scale()));
    sub.put(News2Parameter.AIR_OR_OXYGEN, airOrOxygen(signs.onOxygen()));
    sub.put(News2Parameter.SYSTOLIC_BP, systolic(signs.systolic()));
    sub.put(News2Parameter.PULSE, pulse(signs.pulse()));
    sub.put(News2Parameter.CONSCIOUSNESS, consciousness(signs.consciousness()));
    sub.put(News2Parameter.TEMPERATURE, temperature(signs.temperature()));
    // RCP Journals table: the aggregate is the sum of the seven sub-scores, 0 to 20
    int total = sub.values().stream().mapToInt(Integer::intValue).sum();
    // RCP Chart 3: a score of 3 in any single parameter is a "red score"
    boolean red = sub.containsValue(3);
    return new News2Result.Scored(new News2Score(sub, total, red, response(total, red), signs.scale()));
  }

  /** The Chart 4 row for a total and red flag; the higher threshold wins. */
  public static News2Response response(int total, boolean red) {
    if (total >= 7) {
      return News2Response.EMERGENCY; // RCP Chart 4: total 7 or more, emergency response threshold
    }
    if (total >= 5) {
      return News2Response.URGENT; // RCP Chart 4: total 5 or more, urgent response threshold
    }
    if (red) {
      return News2Response.SINGLE_PARAMETER_RED; // RCP Chart 4: 3 in a single parameter
    }
    if (total >= 1) {
      return News2Response.WARD_ASSESSMENT; // RCP Chart 4: total 1–4
    }
    return News2Response.ROUTINE; // RCP Chart 4: score 0
  }

  /** When the next set is due: the set's effective time plus the configured Chart 4 interval. */
  public static OffsetDateTime nextDue(OffsetDateTime effective, News2Response response, News2Settings settings) {
    return effective.plus(settings.interval(response));
  }

  /**
   * Scale 2 only with an active, prescribed SpO2 target of exactly 88–92% expressed by a practitioner
   * (RCP via Thorax table, clinical-reference §1.1: decided by a competent clinical decision maker and recorded).
   */
  public static SpO2Scale scale(List<OxygenTarget> targets) {
    for (OxygenTarget t : targets) {
      if (t.active() && t.percent() && t.byPractitioner() && t.low() != null && t.high() != null
          && t.low().compareTo(SCALE_2_LOW) == 0 && t.high().compareTo(SCALE_2_HIGH) == 0) {
        return SpO2Scale.SCALE_2;
      }
    }
    return SpO2Scale.SCALE_1;
  }

  static int respiration(BigDecimal rate) {
    return lookup(RESPIRATION, rate);
  }

  static int spo2(BigDecimal spo2, boolean onOxygen, SpO2Scale scale) {
    if (scale == SpO2Scale.SCALE_1) {
      return lookup(SPO2_SCALE_1, spo2);
    }
    // RCP Chart 1, scale 2: 93 or more scores 0 on air and 1–3 on oxygen
    return lookup(onOxygen ? SPO2_SCALE_2_OXYGEN : SPO2_SCALE_2_AIR, spo2);
  }

  static int airOrOxygen(boolean onOxygen) {
    return onOxygen ? 2 : 0; // RCP Chart 1: oxygen 2, air 0 (both scales)
  }

  static int systolic(BigDecimal mmHg) {
    return lookup(SYSTOLIC, mmHg);
  }

  static int pulse(BigDecimal perMinute) {
    return lookup(PULSE, perMinute);
  }

  static int consciousness(Consciousness level) {
    return level == Consciousness.ALERT ? 0 : 3; // RCP Chart 1: alert 0; new confusion, voice, pain, unresponsive 3
  }

  static int temperature(BigDecimal celsius) {
    return lookup(TEMPERATURE, celsius);
  }

  private static int lookup(List<Band> bands, BigDecimal value) {
    Band previous = null;
    for (Band b : bands) {
      if (b.low != null && value.compareTo(b.low) < 0) {
        // between the previous band and this one: the higher score (Parity decision, see class comment)
        return previous == null ? b.score : Math.max(previous.score, b.score);
      }
      if (b.high == null || value.compareTo(b.high) <= 0) {
        return b.score;
      }
      previous = b;
    }
    throw new IllegalStateException("bands must end open");
  }

  private static Band band(String low, String high, int score) {
    return new Band(low == null ? null : new BigDecimal(low), high == null ? null : new BigDecimal(high), score);
  }

  private record Band(BigDecimal low, BigDecimal high, int score) {}
}
