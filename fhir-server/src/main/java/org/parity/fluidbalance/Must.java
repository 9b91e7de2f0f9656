package org.parity.fluidbalance;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * MUST, the BAPEN Malnutrition Universal Screening Tool (clinical-reference §3.3), as a pure function.
 *
 * <p>Rounding: BAPEN's BMI tables give BMI to one decimal place, so BMI is rounded half-up to 1 dp before
 * scoring (18.45 scores as 18.5, 20.04 as 20.0, 20.05 as 20.1). Weight loss is scored unrounded (4.99 %
 * scores 0, 10.01 % scores 2). Arithmetic is decimal so values on a band boundary are not nudged across
 * it by binary floating point.
 */
public final class Must {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal BMI_18_5 = new BigDecimal("18.5");
  private static final BigDecimal BMI_20 = new BigDecimal("20");
  private static final BigDecimal BMI_30 = new BigDecimal("30");
  private static final BigDecimal LOSS_5 = BigDecimal.valueOf(5);
  private static final BigDecimal LOSS_10 = BigDecimal.valueOf(10);

  private Must() {}

  public static MustResult screen(MustInput in) {
    Objects.requireNonNull(in, "in");
    BigDecimal metres = BigDecimal.valueOf(in.heightCm()).divide(HUNDRED);
    // BAPEN MUST step 1: BMI = weight (kg) / height (m)², read to one decimal place from the BMI chart
    BigDecimal bmi = BigDecimal.valueOf(in.weightKg())
        .divide(metres.multiply(metres), MathContext.DECIMAL64)
        .setScale(1, RoundingMode.HALF_UP);
    int bmiScore = bmiScore(bmi);

    BigDecimal lossPercent = null;
    int lossScore = 0;
    if (in.previousWeightKg() != null) {
      BigDecimal previous = BigDecimal.valueOf(in.previousWeightKg());
      BigDecimal loss = previous.subtract(BigDecimal.valueOf(in.weightKg()));
      // BAPEN MUST step 2: unplanned weight loss in past 3-6 months as % of the earlier weight; a gain is 0 %
      lossPercent = loss.signum() <= 0 ? BigDecimal.ZERO
          : loss.multiply(HUNDRED).divide(previous, MathContext.DECIMAL64);
      lossScore = weightLossScore(lossPercent);
    }

    // BAPEN MUST step 3: acutely ill and no nutritional intake (or likely none) for > 5 days = 2
    int acuteScore = in.acutelyIllNoIntakeOver5Days() ? 2 : 0;

    // BAPEN MUST step 4: overall risk = step 1 + step 2 + step 3
    int total = bmiScore + lossScore + acuteScore;
    // BAPEN MUST step 4: 0 = low, 1 = medium, >= 2 = high risk
    MustResult.Risk risk = total == 0 ? MustResult.Risk.LOW
        : total == 1 ? MustResult.Risk.MEDIUM : MustResult.Risk.HIGH;

    return new MustResult(bmi.doubleValue(), bmiScore, lossPercent == null ? null : lossPercent.doubleValue(),
        lossScore, acuteScore, total, risk, management(risk, bmi, in.previousWeightKg() == null));
  }

  /** Step 1 score for a BMI already rounded to 1 dp. */
  static int bmiScore(BigDecimal bmi) {
    // BAPEN MUST step 1: BMI > 20 = 0, 18.5-20 = 1, < 18.5 = 2
    if (bmi.compareTo(BMI_20) > 0) {
      return 0;
    }
    return bmi.compareTo(BMI_18_5) >= 0 ? 1 : 2;
  }

  /** Step 2 score for an unplanned weight loss in %. */
  static int weightLossScore(BigDecimal percent) {
    // BAPEN MUST step 2: weight loss < 5 % = 0, 5-10 % = 1, > 10 % = 2
    if (percent.compareTo(LOSS_5) < 0) {
      return 0;
    }
    return percent.compareTo(LOSS_10) <= 0 ? 1 : 2;
  }

  private static List<String> management(MustResult.Risk risk, BigDecimal bmi, boolean weightHistoryUnknown) {
    List<String> lines = new ArrayList<>();
    switch (risk) {
      // BAPEN MUST step 5, high risk (>= 2): treat
      case HIGH -> {
        lines.add("High risk: refer to a dietitian or nutrition support team, or implement local policy");
        lines.add("Set goals, improve and increase overall nutritional intake");
        lines.add("Monitor and review the care plan: in hospital at least weekly");
      }
      // BAPEN MUST step 5, medium risk (1): observe
      case MEDIUM -> {
        lines.add("Medium risk: document dietary intake for 3 days");
        lines.add("If intake is adequate or improved: little clinical concern; if inadequate: clinical concern,"
            + " follow local policy");
        lines.add("Repeat screening: in hospital weekly");
      }
      // BAPEN MUST step 5, low risk (0): routine clinical care
      case LOW -> {
        lines.add("Low risk: routine clinical care");
        lines.add("Repeat screening: in hospital weekly");
      }
      default -> throw new IllegalStateException("Unknown risk " + risk);
    }
    // BAPEN MUST step 5, all risk categories
    lines.add("Treat the underlying condition and give help and advice on food choices, eating and drinking"
        + " when necessary");
    lines.add("Record the malnutrition risk category");
    lines.add("Record the need for special diets and follow local policy");
    if (bmi.compareTo(BMI_30) > 0) {
      // BAPEN MUST step 1 and step 5: BMI > 30 = obese; record the presence of obesity
      lines.add("Record the presence of obesity (BMI over 30)");
    }
    if (weightHistoryUnknown) {
      // BAPEN MUST step 2 needs the weight 3-6 months ago; without it the weight-loss score is taken as 0
      lines.add("Weight 3-6 months ago unknown: weight-loss score counted as 0 and the total may understate"
          + " risk; establish the weight history and rescreen");
    }
    return lines;
  }
}
