package org.parity.fluidbalance;

import java.util.List;

/**
 * The outcome of a MUST screen.
 *
 * @param bmi body mass index in kg/m², rounded half-up to 1 decimal place (the value scored)
 * @param bmiScore step 1: 0, 1 or 2
 * @param weightLossPercent unplanned weight loss over 3-6 months in % (0 for a gain), or null when the
 *     earlier weight is unknown
 * @param weightLossScore step 2: 0, 1 or 2 (0 when the earlier weight is unknown)
 * @param acuteDiseaseScore step 3: 0 or 2
 * @param total sum of the three scores
 * @param risk overall risk of malnutrition
 * @param management BAPEN management guidance for the category, then the guidance for all categories
 */
public record MustResult(double bmi, int bmiScore, Double weightLossPercent, int weightLossScore,
    int acuteDiseaseScore, int total, Risk risk, List<String> management) {

  public enum Risk {
    LOW,
    MEDIUM,
    HIGH
  }

  public MustResult {
    management = List.copyOf(management);
  }
}
