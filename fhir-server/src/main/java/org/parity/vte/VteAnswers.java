package org.parity.vte;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The answers of a VTE risk assessment that the rule needs: step 1 mobility, the ticked factors (every
 * {@code true} boolean item of Questionnaire {@code vte-risk-assessment}), and the clinician's judgement
 * whether the bleeding risk precludes pharmacological intervention (empty when not answered).
 */
public record VteAnswers(Mobility mobility, Set<VteFactor> ticked, Optional<Boolean> bleedingPrecludesPharmacological) {

  /** DH VTE tool step 1, codes of CodeSystem {@code vte-mobility}. */
  public enum Mobility {
    SURGICAL("surgical"),
    MEDICAL_REDUCED_MOBILITY("medical-reduced-mobility"),
    MEDICAL_NOT_REDUCED("medical-not-reduced");

    private final String code;

    Mobility(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<Mobility> byCode(String code) {
      return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
    }
  }

  public VteAnswers {
    Objects.requireNonNull(mobility, "mobility");
    ticked = ticked.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(ticked));
    Objects.requireNonNull(bleedingPrecludesPharmacological, "bleedingPrecludesPharmacological");
  }

  /** From Questionnaire linkIds; throws on a linkId that is not a factor. */
  public static VteAnswers of(Mobility mobility, Collection<String> tickedLinkIds, Optional<Boolean> precludes) {
    EnumSet<VteFactor> factors = EnumSet.noneOf(VteFactor.class);
    for (String linkId : tickedLinkIds) {
      factors.add(VteFactor.byLinkId(linkId)
          .orElseThrow(() -> new IllegalArgumentException("not a VTE factor: " + linkId)));
    }
    return new VteAnswers(mobility, factors, precludes);
  }
}
