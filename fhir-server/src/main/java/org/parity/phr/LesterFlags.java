package org.parity.phr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The values of a physical health review that the Lester UK adaptation (Positive Cardiometabolic Health Resource,
 * RCP/NHS England 2014 update; clinical-reference §4.2) says need intervention, with its suggested action.
 * "Don't just screen – intervene." Thresholds are as in the resource: strict (&gt;) where it says "&gt;", inclusive
 * where it says "≥".
 */
public final class LesterFlags {

  public static final String SOURCE = "Lester UK adaptation, Positive Cardiometabolic Health Resource (RCP/NHS England, 2014 update)";
  public static final String CURRENT_SMOKER = "77176002"; // SNOMED CT Smoker

  /** A value needing intervention: the Lester domain, what was found, the suggested action, and the target. */
  public record Highlight(String domain, String finding, String action, String target) {}

  private LesterFlags() {}

  public static List<Highlight> highlights(PhrAnswers answers) {
    List<Highlight> found = new ArrayList<>();
    smoking(answers).ifPresent(found::add);
    lifestyle(answers).ifPresent(found::add);
    weight(answers).ifPresent(found::add);
    bloodPressure(answers).ifPresent(found::add);
    glucose(answers).ifPresent(found::add);
    lipids(answers).ifPresent(found::add);
    return found;
  }

  // §4.2 Smoking: intervene if current smoker.
  static Optional<Highlight> smoking(PhrAnswers answers) {
    if (answers.smoking().filter(CURRENT_SMOKER::equals).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Highlight("smoking", "Current smoker",
        "Brief intervention; consider referral to the NHS stop smoking service; consider nicotine replacement therapy",
        "Stop smoking"));
  }

  // §4.2 Lifestyle: intervene if poor diet and/or sedentary.
  static Optional<Highlight> lifestyle(PhrAnswers answers) {
    boolean diet = answers.yes("poor-diet");
    boolean sedentary = answers.yes("sedentary");
    if (!diet && !sedentary) {
      return Optional.empty();
    }
    String finding = diet && sedentary ? "Poor diet and sedentary" : diet ? "Poor diet" : "Sedentary";
    return Optional.of(new Highlight("lifestyle", finding, "Lifestyle advice on diet and physical activity",
        "Improve diet quality"));
  }

  // §4.2 BMI/weight: intervene if BMI ≥25 (≥23 South Asian or Chinese) and/or weight gain >5 kg over 3 months.
  static Optional<Highlight> weight(PhrAnswers answers) {
    boolean lower = answers.yes("bmi-lower-threshold");
    BigDecimal threshold = lower ? new BigDecimal("23") : new BigDecimal("25");
    List<String> findings = new ArrayList<>();
    bmi(answers).filter(b -> b.compareTo(threshold) >= 0)
        .ifPresent(b -> findings.add("BMI " + b.toPlainString() + " kg/m² (intervene at " + threshold + ")"));
    answers.quantity("weight-gain-3-months").filter(g -> g > 5.0)
        .ifPresent(g -> findings.add("Weight gain " + number(g) + " kg over 3 months (intervene above 5 kg)"));
    if (findings.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Highlight("bmi-weight", String.join("; ", findings),
        "Lifestyle advice; medication review; follow NICE obesity guidance",
        lower ? "BMI 18.5–22.9" : "BMI 18.5–24.9"));
  }

  // §4.2 BP: intervene if >140 systolic and/or >90 diastolic.
  static Optional<Highlight> bloodPressure(PhrAnswers answers) {
    Optional<Double> systolic = answers.quantity("bp-systolic");
    Optional<Double> diastolic = answers.quantity("bp-diastolic");
    boolean high = systolic.filter(s -> s > 140).isPresent() || diastolic.filter(d -> d > 90).isPresent();
    if (!high) {
      return Optional.empty();
    }
    return Optional.of(new Highlight("blood-pressure",
        "Blood pressure " + systolic.map(LesterFlags::number).orElse("?") + "/" + diastolic.map(LesterFlags::number).orElse("?")
            + " mmHg (intervene above 140/90)",
        "Follow NICE hypertension guidance; consider antihypertensives; limit salt", "Below 140/90 (below 130/80 with cardiovascular disease)"));
  }

  /** Glucose bands of §4.2. */
  public enum GlucoseBand { NORMAL, HIGH_RISK_OF_DIABETES, DIABETES }

  // §4.2 Glucose: diabetes at HbA1c ≥48 mmol/mol, FPG ≥7.0 or RPG ≥11.1 mmol/L; high risk at HbA1c 42–47, FPG 5.5–6.9.
  static GlucoseBand glucoseBand(PhrAnswers answers) {
    Optional<Double> hba1c = answers.quantity("hba1c");
    Optional<Double> fasting = answers.quantity("fasting-glucose");
    Optional<Double> random = answers.quantity("random-glucose");
    if (hba1c.filter(v -> v >= 48).isPresent() || fasting.filter(v -> v >= 7.0).isPresent()
        || random.filter(v -> v >= 11.1).isPresent()) {
      return GlucoseBand.DIABETES;
    }
    if (hba1c.filter(v -> v >= 42).isPresent() || fasting.filter(v -> v >= 5.5).isPresent()) {
      return GlucoseBand.HIGH_RISK_OF_DIABETES;
    }
    return GlucoseBand.NORMAL;
  }

  static Optional<Highlight> glucose(PhrAnswers answers) {
    GlucoseBand band = glucoseBand(answers);
    if (band == GlucoseBand.NORMAL) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    answers.quantity("hba1c").ifPresent(v -> values.add("HbA1c " + number(v) + " mmol/mol"));
    answers.quantity("fasting-glucose").ifPresent(v -> values.add("fasting plasma glucose " + number(v) + " mmol/L"));
    answers.quantity("random-glucose").ifPresent(v -> values.add("random plasma glucose " + number(v) + " mmol/L"));
    String values1 = String.join(", ", values);
    if (band == GlucoseBand.DIABETES) {
      return Optional.of(new Highlight("glucose", "In the diabetes range: " + values1,
          "Endocrine review; follow NICE diabetes guidance", null));
    }
    return Optional.of(new Highlight("glucose", "At high risk of diabetes: " + values1,
        "Intensive structured lifestyle programme; if ineffective, consider metformin", null));
  }

  // §4.2 Lipids: intervene if total cholesterol >6.0 mmol/L or CVD risk >20% (e.g. QRISK).
  static Optional<Highlight> lipids(PhrAnswers answers) {
    List<String> findings = new ArrayList<>();
    answers.quantity("total-cholesterol").filter(v -> v > 6.0)
        .ifPresent(v -> findings.add("Total cholesterol " + number(v) + " mmol/L (intervene above 6.0)"));
    answers.quantity("cvd-risk").filter(v -> v > 20)
        .ifPresent(v -> findings.add("10-year cardiovascular risk " + number(v) + "% (intervene above 20%)"));
    if (findings.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Highlight("lipids", String.join("; ", findings),
        "Follow NICE lipid modification guidance; consider lipid modification therapy with known cardiovascular disease or diabetes",
        null));
  }

  /**
   * The BMI entered, else weight (kg) / height (m)² when both are recorded, to one decimal place (half up) as BMI is
   * reported; empty if neither.
   */
  public static Optional<BigDecimal> bmi(PhrAnswers answers) {
    Optional<Double> entered = answers.quantity("bmi-value");
    if (entered.isPresent()) {
      return entered.map(BigDecimal::valueOf);
    }
    Optional<Double> kg = answers.quantity("weight-value");
    Optional<Double> cm = answers.quantity("height-value");
    if (kg.isEmpty() || cm.isEmpty() || kg.get() <= 0 || cm.get() <= 0) {
      return Optional.empty();
    }
    double metres = cm.get() / 100.0;
    return Optional.of(BigDecimal.valueOf(kg.get() / (metres * metres)).setScale(1, RoundingMode.HALF_UP));
  }

  private static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
  }
}
