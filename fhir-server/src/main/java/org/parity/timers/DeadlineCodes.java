package org.parity.timers;

import org.parity.conformance.ParityPackage;

/** Canonical URLs and codes of the deadlines (/work/issue5-contract.md; the definitions are in the profiles package). */
public final class DeadlineCodes {

  private static final String BASE = ParityPackage.CANONICAL_BASE;

  public static final String DEADLINE = BASE + "/CodeSystem/deadline";
  public static final String STATUS = BASE + "/CodeSystem/deadline-status";
  public static final String PLAN = BASE + "/PlanDefinition/parity-inpatient-deadlines";
  public static final String PLAN_ID = "parity-inpatient-deadlines";
  public static final String PROFILE_TASK = BASE + "/StructureDefinition/parity-deadline-task";
  public static final String OVERDUE_FLAG = "deadline-overdue";

  public static final String EXT_EVIDENCE = BASE + "/StructureDefinition/deadline-evidence";
  public static final String EXT_REPEAT = BASE + "/StructureDefinition/deadline-repeat";
  public static final String EXT_AT_DISCHARGE = BASE + "/StructureDefinition/deadline-at-discharge";
  public static final String EXT_KEPT_BY = BASE + "/StructureDefinition/deadline-kept-by";
  /** R4 core extension: the Flag's details (here, the overdue Task). */
  public static final String EXT_FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";

  public static final String IMP_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  private DeadlineCodes() {}
}
