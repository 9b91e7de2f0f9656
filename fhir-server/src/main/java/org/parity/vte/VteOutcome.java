package org.parity.vte;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a VTE risk assessment: whether thrombosis and bleeding risk factors are present, the
 * recommendation, the factors that drove each half (in form order) and an advisory for the clinician.
 */
public record VteOutcome(
    boolean thrombosisRisk,
    boolean bleedingRisk,
    VteRecommendation recommendation,
    List<VteFactor> thrombosisFactors,
    List<VteFactor> bleedingFactors,
    Optional<String> advisory) {

  public VteOutcome {
    Objects.requireNonNull(recommendation, "recommendation");
    thrombosisFactors = List.copyOf(thrombosisFactors);
    bleedingFactors = List.copyOf(bleedingFactors);
    Objects.requireNonNull(advisory, "advisory");
  }

  /** Every factor that drove the outcome: thrombosis factors, then bleeding factors. */
  public List<VteFactor> factors() {
    List<VteFactor> all = new ArrayList<>(thrombosisFactors);
    all.addAll(bleedingFactors);
    return List.copyOf(all);
  }
}
