package org.parity.safetyplan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/** Safety plans, carers and consents as the contract (docs/features/safety-plan-contract.md) writes them. */
final class SharingFixtures {

  static final String P = "https://parity-epr.org/fhir";
  static final String PROFILE = P + "/StructureDefinition/parity-safety-plan";

  private SharingFixtures() {}

  /** One entry: section code, words, author reference and display. */
  record Words(String section, String words, String author, String display) {}

  /**
   * A safety plan in {@code draft} or {@code active} status. An active plan gets the agreement (an hour ago, in
   * person, recorded by {@code recordedBy}) and a review date three months on; it needs a warning-signs and a
   * professionals-services entry among {@code entries}. {@code profile}: claim parity-safety-plan (when the server
   * knows it).
   */
  static CarePlan plan(String patient, String encounter, String status, String recordedBy, boolean profile,
      Words... entries) {
    CarePlan plan = new CarePlan();
    if (profile) {
      plan.getMeta().addProfile(PROFILE);
    }
    plan.setStatus(CarePlan.CarePlanStatus.fromCode(status));
    plan.setIntent(CarePlan.CarePlanIntent.PLAN);
    plan.addCategory(new CodeableConcept(new Coding(SafetyPlanCodes.SYSTEM, "safety-plan", "Safety plan")));
    plan.setTitle("My safety plan");
    plan.setSubject(new Reference(patient));
    if (encounter != null) {
      plan.setEncounter(new Reference(encounter));
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    plan.setCreatedElement(new DateTimeType(Date.from(now.minusSeconds(7200))));
    if ("active".equals(status)) {
      Extension agreement = plan.addExtension().setUrl(P + "/StructureDefinition/safety-plan-agreement");
      agreement.addExtension("date", new DateTimeType(Date.from(now.minusSeconds(3600))));
      agreement.addExtension("method", new Coding(SafetyPlanCodes.SYSTEM, "agreed-in-person", "Agreed in person"));
      agreement.addExtension("recordedBy", new Reference(recordedBy));
      plan.addExtension(P + "/StructureDefinition/safety-plan-review-due",
          new DateType(LocalDate.now().plusMonths(3).toString()));
    }
    int n = 0;
    for (Words entry : entries) {
      CarePlan.CarePlanActivityComponent activity = plan.addActivity();
      activity.setId("e-" + (++n));
      activity.addExtension(P + "/StructureDefinition/safety-plan-entry-author",
          new Reference(entry.author()).setDisplay(entry.display()));
      activity.addExtension(P + "/StructureDefinition/safety-plan-entry-written",
          new DateTimeType(Date.from(now.minusSeconds(5400 - 60L * n))));
      activity.getDetail()
          .setCode(new CodeableConcept(new Coding(SafetyPlanCodes.SYSTEM, entry.section(), DocumentSection.of(entry.section())
              .map(DocumentSection::title).orElse(entry.section()))))
          .setStatus(CarePlan.CarePlanActivityStatus.INPROGRESS)
          .setDescription(entry.words());
    }
    return plan;
  }

  static Practitioner practitioner(String given, String family) {
    Practitioner practitioner = new Practitioner();
    practitioner.addName().setFamily(family).addGiven(given);
    return practitioner;
  }

  static RelatedPerson sister(String patient, String given, String family) {
    RelatedPerson sister = new RelatedPerson();
    sister.setActive(true);
    sister.setPatient(new Reference(patient));
    sister.addRelationship(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "SIS",
        "sister")).setText("Sister"));
    sister.addName().setFamily(family).addGiven(given);
    return sister;
  }

  static Organization gpPractice(String name) {
    Organization gp = new Organization();
    gp.setName(name);
    return gp;
  }

  /** The contract's Consent: active, permit from a day ago, the given actions, these actors (none = anyone). */
  static Consent consent(String patient, String[] actions, String... actors) {
    Consent consent = new Consent();
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
        "patient-privacy", null)));
    consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
    consent.setPatient(new Reference(patient));
    consent.setDateTime(Date.from(Instant.now().minusSeconds(86400)));
    consent.addPerformer(new Reference(patient));
    consent.setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentpolicycodes",
        "cric", null)));
    Consent.ProvisionComponent provision = consent.getProvision();
    provision.setType(Consent.ConsentProvisionType.PERMIT);
    provision.getPeriod().setStart(Date.from(Instant.now().minusSeconds(86400)));
    for (String actor : actors) {
      provision.addActor()
          .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
              "IRCP", null)))
          .setReference(new Reference(actor));
    }
    for (String action : actions) {
      provision.addAction(new CodeableConcept(new Coding(SafetyPlanCodes.SYSTEM, action, null)));
    }
    return consent;
  }
}
