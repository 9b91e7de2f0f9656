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

  public static CodeableConcept physicalType(String code) {
    return new CodeableConcept().addCoding(new Coding(PHYSICAL_TYPE, code, null));
  }
}
