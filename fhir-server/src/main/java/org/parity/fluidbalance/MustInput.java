package org.parity.fluidbalance;

/**
 * Inputs to a MUST screen (BAPEN Malnutrition Universal Screening Tool).
 *
 * @param weightKg current weight in kg, {@code > 0}
 * @param heightCm height in cm, {@code > 0}
 * @param previousWeightKg weight 3-6 months ago in kg, or null when unknown
 * @param acutelyIllNoIntakeOver5Days acutely ill and no nutritional intake, or likely none, for more
 *     than 5 days
 */
public record MustInput(double weightKg, double heightCm, Double previousWeightKg,
    boolean acutelyIllNoIntakeOver5Days) {

  public MustInput {
    positive("weight", weightKg, "kg");
    positive("height", heightCm, "cm");
    if (previousWeightKg != null) {
      positive("previous weight", previousWeightKg, "kg");
    }
  }

  private static void positive(String what, double value, String unit) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be a positive number of " + unit + " (got " + value + ")");
    }
  }
}
