package org.parity.vte;

/**
 * The recommendation of a VTE risk assessment, codes of CodeSystem {@code vte-recommendation}. The texts are in
 * the DH tool's own terms and never state a dose or a drug: the prescribing decision stays with the clinician.
 */
public enum VteRecommendation {
  NO_FURTHER_STEPS("no-further-steps", "No further DH-tool steps",
      "Medical patient not expected to have significantly reduced mobility: the DH tool asks for no further "
          + "assessment. Clinical judgement still applies; reassess if the clinical situation changes."),
  NO_RISK_FACTORS("no-risk-factors", "No thrombosis risk factors ticked",
      "No thrombosis risk factors ticked: the DH tool does not prompt thromboprophylaxis. Reassess within 24 hours "
          + "of admission and whenever the clinical situation changes."),
  CONSIDER_PHARMACOLOGICAL("consider-pharmacological",
      "Pharmacological thromboprophylaxis to be considered per NICE NG89",
      "Thrombosis risk factors present and no bleeding risk factors ticked: pharmacological thromboprophylaxis to "
          + "be considered per NICE NG89. The prescribing decision stays with the clinician."),
  WEIGH_BLEEDING_RISK("weigh-bleeding-risk", "Bleeding risk to be weighed",
      "Thrombosis and bleeding risk factors present: consider whether the bleeding risk is sufficient to preclude "
          + "pharmacological intervention, and record that judgement in the assessment."),
  CONSIDER_PHARMACOLOGICAL_BLEEDING_WEIGHED("consider-pharmacological-bleeding-weighed",
      "Pharmacological thromboprophylaxis to be considered; bleeding risk weighed",
      "Thrombosis and bleeding risk factors present; bleeding risk judged not to preclude pharmacological "
          + "intervention: pharmacological thromboprophylaxis to be considered per NICE NG89. The prescribing "
          + "decision stays with the clinician."),
  CONSIDER_MECHANICAL("consider-mechanical", "Mechanical prophylaxis to be considered",
      "Thrombosis and bleeding risk factors present; bleeding risk judged to preclude pharmacological intervention: "
          + "mechanical prophylaxis to be considered. In psychiatric care weigh the self-harm risk of mechanical "
          + "methods such as stockings.");

  public static final String SYSTEM = "https://parity-epr.org/fhir/CodeSystem/vte-recommendation";

  private final String code;
  private final String display;
  private final String text;

  VteRecommendation(String code, String display, String text) {
    this.code = code;
    this.display = display;
    this.text = text;
  }

  public String code() {
    return code;
  }

  /** The display of the code in CodeSystem {@code vte-recommendation}. */
  public String display() {
    return display;
  }

  /** The recommendation in plain text (RiskAssessment.mitigation). */
  public String text() {
    return text;
  }
}
