package org.parity.vte;

import org.parity.conformance.ParityPackage;

/** Canonical URLs and codes of the VTE feature (/work/vte-contract.md; the definitions are in the profiles package). */
public final class VteFhirCodes {

  private static final String BASE = ParityPackage.CANONICAL_BASE;

  public static final String QUESTIONNAIRE = BASE + "/Questionnaire/vte-risk-assessment";
  public static final String QUESTIONNAIRE_ID = "vte-risk-assessment";
  /** Parity's VTE CodeSystem: the assessment, its outcomes, reduced mobility charted, the reassessment Task. */
  public static final String VTE = BASE + "/CodeSystem/vte";
  public static final String MOBILITY = BASE + "/CodeSystem/vte-mobility";
  public static final String RECOMMENDATION = BASE + "/CodeSystem/vte-recommendation";
  public static final String RESTRICTIVE_INTERVENTION = BASE + "/CodeSystem/restrictive-intervention";

  public static final String ASSESSMENT_CODE = "vte-risk-assessment";
  public static final String REASSESSMENT_CODE = "vte-reassessment";
  public static final String REDUCED_MOBILITY_CODE = "reduced-mobility";

  public static final String PROFILE_RISK_ASSESSMENT = BASE + "/StructureDefinition/parity-vte-risk-assessment";
  public static final String PROFILE_RESPONSE = BASE + "/StructureDefinition/parity-vte-questionnaire-response";
  public static final String PROFILE_TASK = BASE + "/StructureDefinition/parity-vte-task";
  public static final String EXT_PREFILLED = BASE + "/StructureDefinition/prefilled";
  public static final String EXT_RECOMMENDATION = BASE + "/StructureDefinition/vte-recommendation";

  /** Why a reassessment is due (Task.reasonCode): codes of {@link #VTE}. */
  public static final String REASON = VTE;
  public static final String METHOD_CODE = "dh-vte-tool";

  public static final String IMP_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  public static final String ATC = "http://www.whocc.no/atc";

  private VteFhirCodes() {}
}
