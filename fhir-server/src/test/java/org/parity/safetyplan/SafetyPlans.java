package org.parity.safetyplan;

import java.util.Date;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/** Safety plans shaped as docs/features/safety-plan-contract.md says, for tests. */
final class SafetyPlans {

  private SafetyPlans() {}

  static CarePlan draft(String patient) {
    CarePlan plan = new CarePlan();
    plan.getMeta().addProfile(SafetyPlanCodes.PROFILE);
    plan.setStatus(CarePlan.CarePlanStatus.DRAFT);
    plan.setIntent(CarePlan.CarePlanIntent.PLAN);
    plan.addCategory().addCoding(new Coding(SafetyPlanCodes.SYSTEM, SafetyPlanCodes.CATEGORY, "Safety plan"));
    plan.setTitle("My safety plan");
    plan.setSubject(new Reference(patient));
    plan.setCreated(new Date());
    return plan;
  }

  /** Adds an entry in {@code section}, in the words of {@code author} (null: let the server decide). */
  static CarePlan.CarePlanActivityComponent entry(CarePlan plan, String id, String section, String words, String author) {
    CarePlan.CarePlanActivityComponent activity = plan.addActivity();
    activity.setId(id);
    if (author != null) {
      activity.addExtension(SafetyPlanCodes.ENTRY_AUTHOR, new Reference(author));
    }
    activity.getDetail().getCode().addCoding(new Coding(SafetyPlanCodes.SYSTEM, section, null));
    activity.getDetail().setStatus(CarePlan.CarePlanActivityStatus.INPROGRESS);
    activity.getDetail().setDescription(words);
    return activity;
  }

  /** A draft with a warning sign and a crisis line, enough to be agreed. */
  static CarePlan enough(String patient) {
    CarePlan plan = draft(patient);
    entry(plan, "e-warning", "warning-signs", "When I stop answering my phone", patient);
    entry(plan, "e-crisis", "professionals-services", "Samaritans 116 123, any time", patient);
    return plan;
  }

  /** Marks the plan agreed in person now, with a review date three months on. */
  static CarePlan agree(CarePlan plan) {
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    Extension agreement = plan.addExtension().setUrl(SafetyPlanCodes.AGREEMENT);
    agreement.addExtension("date", DateTimeType.now());
    agreement.addExtension("method", new Coding(SafetyPlanCodes.SYSTEM, "agreed-in-person", "Agreed in person"));
    plan.addExtension(SafetyPlanCodes.REVIEW_DUE,
        new DateType(java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).plusMonths(3).toString()));
    return plan;
  }
}
