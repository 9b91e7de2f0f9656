package org.parity.support;

import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.parity.validation.GovernedProfiles;
import org.parity.validation.NhsNumber;

/** Builders for test resources that meet Parity's profiles unless a test breaks them on purpose. */
public final class Fixtures {

  public static final String PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";
  public static final String ODS_SITE = "https://fhir.nhs.uk/Id/ods-site-code";

  private Fixtures() {}

  /** A random valid NHS number from the never-issued 999 range. */
  public static String nhsNumber() {
    while (true) {
      String nine = "999" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
      Integer check = NhsNumber.checkDigit(nine);
      if (check != null) {
        return nine + check;
      }
    }
  }

  /** A valid NHS number made invalid by changing its check digit. */
  public static String wrongCheckDigit(String valid) {
    int digit = valid.charAt(9) - '0';
    return valid.substring(0, 9) + ((digit + 1) % 10);
  }

  public static String unique() {
    return UUID.randomUUID().toString();
  }

  public static Patient patient(String nhsNumber, String family) {
    Patient patient = new Patient();
    patient.getMeta().addProfile(GovernedProfiles.PATIENT);
    patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber);
    patient.addName().setFamily(family).addGiven("Test");
    patient.setGender(AdministrativeGender.FEMALE);
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-04-02"));
    return patient;
  }

  public static Location ward(String siteCode, String name) {
    Location ward = new Location();
    ward.addIdentifier().setSystem(ODS_SITE).setValue(siteCode);
    ward.setStatus(Location.LocationStatus.ACTIVE);
    ward.setName(name);
    ward.setPhysicalType(physicalType("wa"));
    return ward;
  }

  public static Encounter inpatientEncounter(String patientRef, String wardRef) {
    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
    encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
    encounter.setSubject(new Reference(patientRef));
    encounter.getPeriod().setStart(new Date());
    if (wardRef != null) {
      encounter.addLocation()
          .setLocation(new Reference(wardRef))
          .setStatus(Encounter.EncounterLocationStatus.ACTIVE)
          .setPhysicalType(physicalType("wa"));
    }
    return encounter;
  }

  // VTE risk assessment (issue 7; the contract in docs/features/vte.md).

  public static final String VTE_QUESTIONNAIRE = "https://parity-epr.org/fhir/Questionnaire/vte-risk-assessment";
  public static final String VTE_MOBILITY = "https://parity-epr.org/fhir/CodeSystem/vte-mobility";
  public static final String VTE = "https://parity-epr.org/fhir/CodeSystem/vte";
  public static final String RESTRICTIVE_INTERVENTION = "https://parity-epr.org/fhir/CodeSystem/restrictive-intervention";

  private static final java.util.Set<String> THROMBOSIS_ADMISSION = java.util.Set.of("t-reduced-mobility-3-days",
      "t-hip-knee-replacement", "t-hip-fracture", "t-anaesthetic-over-90", "t-pelvis-lower-limb-over-60",
      "t-acute-surgical-inflammatory", "t-critical-care", "t-surgery-reduced-mobility");
  private static final java.util.Set<String> BLEEDING_ADMISSION = java.util.Set.of("b-neuro-spinal-eye-surgery",
      "b-high-bleeding-risk-procedure", "b-lp-epidural-next-12h", "b-lp-epidural-previous-4h");

  /** The group of the VTE form an item belongs to, or null for a top-level item. */
  public static String vteGroup(String linkId) {
    if (linkId.startsWith("mh-")) {
      return "mental-health";
    }
    if (linkId.startsWith("t-")) {
      return THROMBOSIS_ADMISSION.contains(linkId) ? "thrombosis-admission" : "thrombosis-patient";
    }
    if (linkId.startsWith("b-")) {
      return BLEEDING_ADMISSION.contains(linkId) ? "bleeding-admission" : "bleeding-patient";
    }
    return linkId.equals("mobility") ? "step1" : null;
  }

  /**
   * A VTE form response: mobility (a vte-mobility code, or null for unanswered) and the items answered "yes";
   * {@code bleeding-precludes-pharmacological=false} in {@code ticked} answers that item "no".
   */
  public static org.hl7.fhir.r4.model.QuestionnaireResponse vteResponse(String patientRef, String encounterRef,
      String status, String mobility, String... ticked) {
    var response = new org.hl7.fhir.r4.model.QuestionnaireResponse();
    response.setQuestionnaire(VTE_QUESTIONNAIRE);
    response.setStatus(org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus.fromCode(status));
    if (patientRef != null) {
      response.setSubject(new Reference(patientRef));
    }
    if (encounterRef != null) {
      response.setEncounter(new Reference(encounterRef));
    }
    response.setAuthoredElement(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
    if (mobility != null) {
      vteItem(response, "mobility").addAnswer().setValue(new Coding(VTE_MOBILITY, mobility, null));
    }
    for (String item : ticked) {
      boolean no = item.endsWith("=false");
      vteItem(response, no ? item.substring(0, item.length() - 6) : item).addAnswer()
          .setValue(new org.hl7.fhir.r4.model.BooleanType(!no));
    }
    return response;
  }

  private static org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent vteItem(
      org.hl7.fhir.r4.model.QuestionnaireResponse response, String linkId) {
    String group = vteGroup(linkId);
    java.util.List<org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent> level = response.getItem();
    if (group != null) {
      var g = level.stream().filter(i -> group.equals(i.getLinkId())).findFirst()
          .orElseGet(() -> response.addItem().setLinkId(group));
      level = g.getItem();
    }
    var item = new org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent().setLinkId(linkId);
    level.add(item);
    return item;
  }

  /** A restrictive intervention (physical-restraint, seclusion, rapid-tranquillisation) in this admission, now. */
  public static org.hl7.fhir.r4.model.Procedure restrictiveIntervention(String patientRef, String encounterRef, String code) {
    var procedure = new org.hl7.fhir.r4.model.Procedure();
    procedure.setStatus(org.hl7.fhir.r4.model.Procedure.ProcedureStatus.COMPLETED);
    procedure.setCode(new CodeableConcept(new Coding(RESTRICTIVE_INTERVENTION, code, null)));
    procedure.setSubject(new Reference(patientRef));
    procedure.setEncounter(new Reference(encounterRef));
    procedure.setPerformed(new org.hl7.fhir.r4.model.DateTimeType(new Date(System.currentTimeMillis() - 60_000)));
    return procedure;
  }

  /** An active MedicationStatement coded with a WHO ATC code. */
  public static org.hl7.fhir.r4.model.MedicationStatement medicationStatement(String patientRef, String atc, String name) {
    var statement = new org.hl7.fhir.r4.model.MedicationStatement();
    statement.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE);
    statement.setMedication(new CodeableConcept(new Coding("http://www.whocc.no/atc", atc, name)).setText(name));
    statement.setSubject(new Reference(patientRef));
    statement.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
    return statement;
  }

  /** Reduced mobility charted (Parity VTE CodeSystem). */
  public static org.hl7.fhir.r4.model.Observation reducedMobility(String patientRef, String encounterRef) {
    var observation = new org.hl7.fhir.r4.model.Observation();
    observation.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
    observation.setCode(new CodeableConcept(new Coding(VTE, "reduced-mobility", "Reduced mobility")));
    observation.setSubject(new Reference(patientRef));
    observation.setEncounter(new Reference(encounterRef));
    observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date(System.currentTimeMillis() - 60_000)));
    observation.setValue(new org.hl7.fhir.r4.model.BooleanType(true));
    return observation;
  }

  /** Body weight (kg) or height (cm) under Parity's profiles, charted a minute ago. */
  public static org.hl7.fhir.r4.model.Observation bodyMeasure(String patientRef, boolean weight, double value) {
    var observation = new org.hl7.fhir.r4.model.Observation();
    observation.getMeta().addProfile("https://parity-epr.org/fhir/StructureDefinition/"
        + (weight ? "parity-body-weight" : "parity-body-height"));
    observation.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
    observation.addCategory(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", null)));
    observation.setCode(new CodeableConcept(new Coding("http://loinc.org", weight ? "29463-7" : "8302-2", null)));
    observation.setSubject(new Reference(patientRef));
    observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType(new Date(System.currentTimeMillis() - 60_000),
        ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("Europe/London")));
    String unit = weight ? "kg" : "cm";
    observation.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(value).setUnit(unit)
        .setSystem("http://unitsofmeasure.org").setCode(unit));
    return observation;
  }

  public static CodeableConcept physicalType(String code) {
    return new CodeableConcept().addCoding(new Coding(PHYSICAL_TYPE, code, null));
  }
}
