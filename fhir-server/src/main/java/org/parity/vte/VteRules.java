package org.parity.vte;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome logic of the DH VTE risk assessment tool (2010, gateway ref 10278) used with NICE NG89, plus
 * Parity's mental-health factors (clinical-reference §2; docs/features/vte.md). A pure function: no dose,
 * no drug, no HAPI types.
 */
public final class VteRules {

  static final String MENTAL_HEALTH_NOT_REDUCED_ADVISORY = "Mental-health factors ticked: the DH tool omits "
      + "factors specific to psychiatric inpatients. Consider whether the patient's mobility is really unaffected: "
      + "if it is reduced, change step 1 and reassess.";
  static final String DH_FACTORS_NOT_REDUCED_ADVISORY = "Risk factors ticked in steps 2 and 3 are not assessed by "
      + "the DH tool for a medical patient not expected to have significantly reduced mobility; clinical judgement "
      + "applies.";
  static final String MENTAL_HEALTH_COUNTED_ADVISORY = "Thrombosis risk includes mental-health factors that are "
      + "not part of the DH tool (Parity decision): ";

  private VteRules() {}

  public static VteOutcome assess(VteAnswers answers) {
    Objects.requireNonNull(answers, "answers");
    // DH tool step 2: thrombosis risk factors, patient- and admission-related
    List<VteFactor> dhThrombosis = ticked(answers, VteFactor.Group.THROMBOSIS_PATIENT, VteFactor.Group.THROMBOSIS_ADMISSION);
    // DH tool step 3: bleeding risk factors, patient- and admission-related
    List<VteFactor> bleeding = ticked(answers, VteFactor.Group.BLEEDING_PATIENT, VteFactor.Group.BLEEDING_ADMISSION);
    // Parity: mental-health factors from the literature (clinical-reference §2.3), not part of the DH tool
    List<VteFactor> mentalHealth = ticked(answers, VteFactor.Group.MENTAL_HEALTH);

    if (answers.mobility() == VteAnswers.Mobility.MEDICAL_NOT_REDUCED) {
      // DH tool step 1: medical patient not expected to have reduced mobility: no further steps; clinical judgement applies
      List<String> advisory = new ArrayList<>();
      if (!mentalHealth.isEmpty()) {
        // Thrombosis UK / clinical-reference §2.2: the DH tool omits psychiatric factors, so advise, do not count
        advisory.add(MENTAL_HEALTH_NOT_REDUCED_ADVISORY + " Ticked: " + texts(mentalHealth) + ".");
      }
      if (!dhThrombosis.isEmpty() || !bleeding.isEmpty()) {
        // DH tool step 1: steps 2 and 3 apply only to surgical patients and reduced mobility
        advisory.add(DH_FACTORS_NOT_REDUCED_ADVISORY);
      }
      return new VteOutcome(!dhThrombosis.isEmpty(), !bleeding.isEmpty(), VteRecommendation.NO_FURTHER_STEPS,
          dhThrombosis, bleeding, advisory(advisory));
    }

    // DH tool step 1: surgical patients and reduced mobility go on to steps 2 and 3
    List<VteFactor> thrombosis = new ArrayList<>(dhThrombosis);
    // Parity decision (DH tool step 2: "the list is not exhaustive"): mental-health factors count as thrombosis risk
    thrombosis.addAll(mentalHealth);
    List<String> advisory = new ArrayList<>();
    if (!mentalHealth.isEmpty()) {
      advisory.add(MENTAL_HEALTH_COUNTED_ADVISORY + texts(mentalHealth) + ".");
    }

    VteRecommendation recommendation;
    if (thrombosis.isEmpty()) {
      // DH tool step 2: no tick, so no prompt for thromboprophylaxis
      recommendation = VteRecommendation.NO_RISK_FACTORS;
    } else if (bleeding.isEmpty()) {
      // DH tool step 2: any tick should prompt thromboprophylaxis according to NICE guidance (NG89 1.9.3)
      recommendation = VteRecommendation.CONSIDER_PHARMACOLOGICAL;
    } else if (answers.bleedingPrecludesPharmacological().isEmpty()) {
      // DH tool step 3: any bleeding tick: consider whether bleeding risk is sufficient to preclude pharmacological intervention
      recommendation = VteRecommendation.WEIGH_BLEEDING_RISK;
    } else if (!answers.bleedingPrecludesPharmacological().get()) {
      // NICE NG89 1.9.3: consider pharmacological prophylaxis if VTE risk outweighs bleeding risk
      recommendation = VteRecommendation.CONSIDER_PHARMACOLOGICAL_BLEEDING_WEIGHED;
    } else {
      // clinical-reference §2.1 outcome 3: pharmacological precluded, consider mechanical (not on the tool itself)
      recommendation = VteRecommendation.CONSIDER_MECHANICAL;
    }
    return new VteOutcome(!thrombosis.isEmpty(), !bleeding.isEmpty(), recommendation, thrombosis, bleeding,
        advisory(advisory));
  }

  private static List<VteFactor> ticked(VteAnswers answers, VteFactor.Group... groups) {
    List<VteFactor.Group> wanted = Arrays.asList(groups);
    return Arrays.stream(VteFactor.values())
        .filter(f -> wanted.contains(f.group()) && answers.ticked().contains(f))
        .toList();
  }

  private static String texts(List<VteFactor> factors) {
    return factors.stream().map(VteFactor::text).collect(Collectors.joining("; "));
  }

  private static Optional<String> advisory(List<String> parts) {
    return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", parts));
  }
}
