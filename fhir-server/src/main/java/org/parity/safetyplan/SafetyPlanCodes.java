package org.parity.safetyplan;

import java.util.List;
import java.util.Set;

/** Canonical URLs and codes of safety plans in the Parity package (profiles/package, CodeSystem safety-plan). */
public final class SafetyPlanCodes {

  static final String BASE = "https://parity-epr.org/fhir";
  public static final String SYSTEM = BASE + "/CodeSystem/safety-plan";
  public static final String CATEGORY = "safety-plan";
  public static final String PROFILE = BASE + "/StructureDefinition/parity-safety-plan";
  public static final String CONSENT_PROFILE = BASE + "/StructureDefinition/parity-safety-plan-consent";
  public static final String AGREEMENT = BASE + "/StructureDefinition/safety-plan-agreement";
  public static final String REVIEW_DUE = BASE + "/StructureDefinition/safety-plan-review-due";
  public static final String REVIEWED = BASE + "/StructureDefinition/safety-plan-reviewed";
  public static final String ENTRY_AUTHOR = BASE + "/StructureDefinition/safety-plan-entry-author";
  public static final String ENTRY_WRITTEN = BASE + "/StructureDefinition/safety-plan-entry-written";

  /** Stanley-Brown's six steps, then the two optional UK sections (clinical-reference 5.1), in plan order. */
  public static final List<String> SECTIONS = List.of("warning-signs", "coping-on-my-own", "people-places-distraction",
      "people-to-ask", "professionals-services", "safer-environment", "what-matters", "reasons-for-living");
  public static final Set<String> AGREEMENT_METHODS =
      Set.of("agreed-in-person", "agreed-signed-paper", "agreed-by-phone", "agreed-in-app");
  public static final String CONTRIBUTE = "contribute";
  public static final String SHARE = "share";

  private SafetyPlanCodes() {}
}
