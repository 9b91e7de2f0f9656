package org.parity.phr;

import org.parity.conformance.ParityPackage;

/** Canonical URLs and codes of the physical health review (issue 5 contract; definitions in the profiles package). */
public final class PhrCodes {

  private static final String BASE = ParityPackage.CANONICAL_BASE;

  public static final String QUESTIONNAIRE = BASE + "/Questionnaire/physical-health-review";
  public static final String PROFILE_RESPONSE = BASE + "/StructureDefinition/parity-phr-questionnaire-response";
  /** The deadline CodeSystem and its community follow-up rule (owned by the timers feature). */
  public static final String DEADLINE = BASE + "/CodeSystem/deadline";
  public static final String DEADLINE_STATUS = BASE + "/CodeSystem/deadline-status";
  public static final String COMMUNITY_CODE = "phr-community";
  public static final String COMMUNITY_TEAM = "Community mental health team";
  public static final String SNOMED = "http://snomed.info/sct";

  private PhrCodes() {}
}
