package org.parity.vte;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every tickable factor of Questionnaire {@code vte-risk-assessment}: its linkId, the text the form shows, the
 * group it sits in and its published source (the same citation as the item's {@code item-source} extension).
 * Wording of the DH items is that of the DH VTE risk assessment tool (clinical-reference §2.1);
 * {@code VteRulesTest} checks this list against the Questionnaire in the profiles package.
 */
public enum VteFactor {
  T_CANCER("t-cancer", Group.THROMBOSIS_PATIENT,
      "Active cancer or cancer treatment",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_AGE_OVER_60("t-age-over-60", Group.THROMBOSIS_PATIENT,
      "Age >60",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_DEHYDRATION("t-dehydration", Group.THROMBOSIS_PATIENT,
      "Dehydration",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_THROMBOPHILIA("t-thrombophilia", Group.THROMBOSIS_PATIENT,
      "Known thrombophilias",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_OBESITY("t-obesity", Group.THROMBOSIS_PATIENT,
      "Obesity (BMI >30 kg/m²)",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_COMORBIDITY("t-comorbidity", Group.THROMBOSIS_PATIENT,
      "One or more significant medical comorbidities (heart disease; metabolic, endocrine or respiratory pathologies; acute infectious diseases; inflammatory conditions)",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_VTE_HISTORY("t-vte-history", Group.THROMBOSIS_PATIENT,
      "Personal history or first-degree relative with a history of VTE",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_HRT("t-hrt", Group.THROMBOSIS_PATIENT,
      "Use of HRT",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_OESTROGEN_CONTRACEPTIVE("t-oestrogen-contraceptive", Group.THROMBOSIS_PATIENT,
      "Use of oestrogen-containing contraceptive therapy",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_VARICOSE_PHLEBITIS("t-varicose-phlebitis", Group.THROMBOSIS_PATIENT,
      "Varicose veins with phlebitis",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_PREGNANCY("t-pregnancy", Group.THROMBOSIS_PATIENT,
      "Pregnancy or <6 weeks post partum",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), patient-related"),
  T_REDUCED_MOBILITY_3_DAYS("t-reduced-mobility-3-days", Group.THROMBOSIS_ADMISSION,
      "Significantly reduced mobility for ≥3 days",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  T_HIP_KNEE_REPLACEMENT("t-hip-knee-replacement", Group.THROMBOSIS_ADMISSION,
      "Hip or knee replacement",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  T_HIP_FRACTURE("t-hip-fracture", Group.THROMBOSIS_ADMISSION,
      "Hip fracture",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  T_ANAESTHETIC_OVER_90("t-anaesthetic-over-90", Group.THROMBOSIS_ADMISSION,
      "Total anaesthetic + surgical time >90 min",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  T_PELVIS_LOWER_LIMB_OVER_60("t-pelvis-lower-limb-over-60", Group.THROMBOSIS_ADMISSION,
      "Surgery involving pelvis or lower limb with total anaesthetic + surgical time >60 min",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  T_ACUTE_SURGICAL_INFLAMMATORY("t-acute-surgical-inflammatory", Group.THROMBOSIS_ADMISSION,
      "Acute surgical admission with inflammatory or intra-abdominal condition",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  T_CRITICAL_CARE("t-critical-care", Group.THROMBOSIS_ADMISSION,
      "Critical care admission",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  T_SURGERY_REDUCED_MOBILITY("t-surgery-reduced-mobility", Group.THROMBOSIS_ADMISSION,
      "Surgery with significant reduction in mobility",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 2 (thrombosis risk), admission-related"),
  B_ACTIVE_BLEEDING("b-active-bleeding", Group.BLEEDING_PATIENT,
      "Active bleeding",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), patient-related"),
  B_ACQUIRED_BLEEDING_DISORDER("b-acquired-bleeding-disorder", Group.BLEEDING_PATIENT,
      "Acquired bleeding disorders (e.g. acute liver failure)",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), patient-related"),
  B_ANTICOAGULANTS("b-anticoagulants", Group.BLEEDING_PATIENT,
      "Concurrent use of anticoagulants known to increase bleeding risk (e.g. warfarin with INR >2)",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), patient-related"),
  B_ACUTE_STROKE("b-acute-stroke", Group.BLEEDING_PATIENT,
      "Acute stroke",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), patient-related"),
  B_THROMBOCYTOPAENIA("b-thrombocytopaenia", Group.BLEEDING_PATIENT,
      "Thrombocytopaenia (platelets <75×10⁹/L)",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), patient-related"),
  B_UNCONTROLLED_HYPERTENSION("b-uncontrolled-hypertension", Group.BLEEDING_PATIENT,
      "Uncontrolled systolic hypertension (≥230/120 mmHg)",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), patient-related"),
  B_INHERITED_BLEEDING_DISORDER("b-inherited-bleeding-disorder", Group.BLEEDING_PATIENT,
      "Untreated inherited bleeding disorders (e.g. haemophilia, von Willebrand disease)",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), patient-related"),
  B_NEURO_SPINAL_EYE_SURGERY("b-neuro-spinal-eye-surgery", Group.BLEEDING_ADMISSION,
      "Neurosurgery, spinal surgery or eye surgery",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), admission-related"),
  B_HIGH_BLEEDING_RISK_PROCEDURE("b-high-bleeding-risk-procedure", Group.BLEEDING_ADMISSION,
      "Other procedure with high bleeding risk",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), admission-related"),
  B_LP_EPIDURAL_NEXT_12H("b-lp-epidural-next-12h", Group.BLEEDING_ADMISSION,
      "LP/epidural/spinal anaesthesia expected within the next 12 h",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), admission-related"),
  B_LP_EPIDURAL_PREVIOUS_4H("b-lp-epidural-previous-4h", Group.BLEEDING_ADMISSION,
      "LP/epidural/spinal anaesthesia within the previous 4 h",
      "DH VTE risk assessment tool (Department of Health, 2010; gateway ref 10278), used with NICE NG89 (1.1.2, 1.9.1), step 3 (bleeding risk), admission-related"),
  MH_ANTIPSYCHOTIC("mh-antipsychotic", Group.MENTAL_HEALTH,
      "Antipsychotic medication",
      "Jönsson et al., Drug Saf 2018 (PMC5843694); BJPsych Bulletin systematic review (antipsychotics reported to raise VTE risk 3-4-fold); Van Neste et al., Eur J Psychiatry 2009;23(1):19-30 (low-potency antipsychotics and clozapine)"),
  MH_RESTRAINT_SECLUSION("mh-restraint-seclusion", Group.MENTAL_HEALTH,
      "Physical restraint or seclusion",
      "Ishida et al. 2014 (Keio): DVT in 11.6% of restrained patients despite prophylaxis; Psychiatria Danubina 2018 review of restraint; Van Neste et al., Eur J Psychiatry 2009;23(1):19-30; Czech psychiatric VTE algorithm (explorer.cuni.cz/publication/128900). Seclusion is added by Parity (issue 7) as a comparable period of immobility; the cited evidence is for restraint"),
  MH_CATATONIA("mh-catatonia", Group.MENTAL_HEALTH,
      "Catatonia",
      "Van Neste et al., Eur J Psychiatry 2009;23(1):19-30; Thrombosis UK blog 2019 (clinician opinion: catatonic immobility)"),
  MH_SEDATION("mh-sedation", Group.MENTAL_HEALTH,
      "Sedation (excessive or repeated)",
      "Ishida et al. 2014 (Keio): excessive sedation OR 4.90 for DVT in restrained patients; BJPsych Open 2025 audit abstract (North London); Thrombosis UK blog 2019 (clinician opinion: repeated sedation)"),
  MH_REDUCED_MOBILITY("mh-reduced-mobility", Group.MENTAL_HEALTH,
      "Reduced mobility from mental illness or sedation",
      "BJPsych Open 2025 audit abstract (North London); Thrombosis UK blog 2019 (clinician opinion: severe depression or catatonic immobility, being nursed on mattress)"),
  MH_POOR_INTAKE_DEHYDRATION("mh-poor-intake-dehydration", Group.MENTAL_HEALTH,
      "Poor oral intake or dehydration",
      "BJPsych Open 2025 audit abstract (North London); Czech psychiatric VTE algorithm (explorer.cuni.cz/publication/128900); Thrombosis UK blog 2019 (clinician opinion: poor drinking)");

  /** The Questionnaire group a factor belongs to. */
  public enum Group {
    THROMBOSIS_PATIENT("thrombosis-patient", true),
    THROMBOSIS_ADMISSION("thrombosis-admission", true),
    BLEEDING_PATIENT("bleeding-patient", false),
    BLEEDING_ADMISSION("bleeding-admission", false),
    /** Not part of the DH tool: counted as thrombosis risk only for surgical patients and reduced mobility (Parity). */
    MENTAL_HEALTH("mental-health", false);

    private final String linkId;
    private final boolean dhThrombosis;

    Group(String linkId, boolean dhThrombosis) {
      this.linkId = linkId;
      this.dhThrombosis = dhThrombosis;
    }

    public String linkId() {
      return linkId;
    }

    /** A DH-tool step 2 (thrombosis) group. */
    public boolean isDhThrombosis() {
      return dhThrombosis;
    }

    /** A DH-tool step 3 (bleeding) group. */
    public boolean isBleeding() {
      return this == BLEEDING_PATIENT || this == BLEEDING_ADMISSION;
    }
  }

  private static final Map<String, VteFactor> BY_LINK_ID =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(VteFactor::linkId, Function.identity()));

  private final String linkId;
  private final Group group;
  private final String text;
  private final String source;

  VteFactor(String linkId, Group group, String text, String source) {
    this.linkId = linkId;
    this.group = group;
    this.text = text;
    this.source = source;
  }

  public String linkId() {
    return linkId;
  }

  public Group group() {
    return group;
  }

  public String text() {
    return text;
  }

  public String source() {
    return source;
  }

  /** The factor with this Questionnaire linkId, if it is one. */
  public static Optional<VteFactor> byLinkId(String linkId) {
    return Optional.ofNullable(BY_LINK_ID.get(linkId));
  }
}
