package org.parity.safetyplan;

/** Codes of safety plan reviews (docs/features/safety-plan-contract.md, "Review Tasks"); the rest in SafetyPlanCodes. */
final class ReviewCodes {

  /** Parity's safety plan CodeSystem: the CarePlan category, the review Task code and the review reasons. */
  static final String SAFETY_PLAN = SafetyPlanCodes.SYSTEM;
  static final String CATEGORY = SafetyPlanCodes.CATEGORY;
  static final String REVIEW = "safety-plan-review";
  static final String REVIEW_DISPLAY = "Review the safety plan with the patient";
  static final String PROFILE_TASK = SafetyPlanCodes.BASE + "/StructureDefinition/parity-safety-plan-review-task";
  static final String EXT_REVIEW_DUE = SafetyPlanCodes.REVIEW_DUE;
  static final String EXT_REVIEWED = SafetyPlanCodes.REVIEWED;

  static final String IMP_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";

  /** Why a review is due (Task.reasonCode; ValueSet safety-plan-review-reason). */
  enum Reason {
    REVIEW_DATE("review-date", "Review date reached"),
    TRANSFER("transfer", "Transfer to another ward"),
    LEAVE("leave", "Leave from the ward"),
    DISCHARGE("discharge", "Discharge");

    final String code;
    final String display;

    Reason(String code, String display) {
      this.code = code;
      this.display = display;
    }
  }

  private ReviewCodes() {}
}
