package org.parity.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.parity.safetyplan.SafetyPlanCodes;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.parity.validation.GovernedProfiles;
import org.parity.validation.NhsNumber;

/**
 * A synthetic hospital: one trust, two wards of 12 beds, and realistic current inpatients. Every name is
 * invented; NHS numbers come from the 999 range, which is valid but never issued. The same seed always
 * gives the same people, and wards, beds and admissions are conditional creates, and patients and staff have fixed ids (updates), so loading twice adds nothing.
 */
public final class DemoHospital {

  public static final String DEMO_ID = "https://parity-epr.org/fhir/Id/demo";
  static final String ODS_ORG = "https://fhir.nhs.uk/Id/ods-organization-code";
  static final String ODS_SITE = "https://fhir.nhs.uk/Id/ods-site-code";
  static final String PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";
  static final ZoneId LONDON = ZoneId.of("Europe/London");

  record Ward(String key, String name, String siteCode, int occupied) {}

  static final List<Ward> WARDS =
      List.of(new Ward("willow", "Willow Ward", "ZZW01", 10), new Ward("cedar", "Cedar Ward", "ZZC01", 9));
  static final int BEDS_PER_WARD = 12;

  private static final String[] FAMILY = {
    "Okafor", "Hughes", "Patel", "Kowalski", "Evans", "Begum", "O'Neill", "Murray", "Nwosu", "Thompson",
    "Ahmed", "Davies", "Fraser", "Singh", "Clarke", "Morgan", "Mensah", "Whitfield", "Hussain", "Price",
    "Lewandowska", "Gallagher", "Campbell", "Osei"
  };
  private static final String[] GIVEN_FEMALE = {
    "Grace", "Amira", "Sophie", "Chloe", "Priya", "Joanne", "Fatima", "Helen", "Niamh", "Maria", "Bethan", "Ruth"
  };
  private static final String[] GIVEN_MALE = {
    "Daniel", "Kwame", "Thomas", "Imran", "Liam", "Marek", "Gareth", "Samuel", "Rhys", "Ade", "Callum", "Peter"
  };

  private DemoHospital() {}

  /** The whole hospital as one transaction bundle of conditional creates. */
  public static Bundle transaction(Clock clock) {
    Random random = new Random(20250513L);
    Bundle bundle = new Bundle().setType(BundleType.TRANSACTION);

    Organization trust = new Organization();
    trust.addIdentifier().setSystem(ODS_ORG).setValue("ZZ1");
    trust.setName("Parity Demo Mental Health NHS Foundation Trust (synthetic)");
    String trustRef = add(bundle, trust, "urn:uuid:trust", ODS_ORG + "|ZZ1");

    addStaff(bundle);
    ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(LONDON);
    int person = 0;
    for (Ward ward : WARDS) {
      Location wardLocation = new Location();
      wardLocation.getMeta().addProfile(GovernedProfiles.WARD);
      wardLocation.addIdentifier().setSystem(ODS_SITE).setValue(ward.siteCode());
      wardLocation.setStatus(Location.LocationStatus.ACTIVE);
      wardLocation.setName(ward.name());
      wardLocation.setDescription("Adult acute mental-health inpatient ward (synthetic demo data)");
      wardLocation.setMode(Location.LocationMode.INSTANCE);
      wardLocation.setPhysicalType(physicalType("wa", "Ward"));
      wardLocation.setManagingOrganization(new Reference(trustRef));
      String wardRef = add(bundle, wardLocation, "urn:uuid:" + ward.key(), ODS_SITE + "|" + ward.siteCode());

      for (int bed = 1; bed <= BEDS_PER_WARD; bed++) {
        String bedName = String.format("Bed %02d", bed);
        Location bedLocation = new Location();
        bedLocation.getMeta().addProfile(GovernedProfiles.BED);
        bedLocation.addIdentifier().setSystem(DEMO_ID).setValue(ward.key() + "-bed-" + bed);
        bedLocation.setStatus(Location.LocationStatus.ACTIVE);
        bedLocation.setName(bedName);
        bedLocation.setMode(Location.LocationMode.INSTANCE);
        bedLocation.setPhysicalType(physicalType("bd", "Bed"));
        bedLocation.setPartOf(new Reference(wardRef));
        String bedRef =
            add(bundle, bedLocation, "urn:uuid:" + ward.key() + "-bed-" + bed, DEMO_ID + "|" + ward.key() + "-bed-" + bed);

        if (bed > ward.occupied()) {
          continue;
        }
        person++;
        Patient patient = patient(random, person, now);
        String nhs = patient.getIdentifierFirstRep().getValue();
        // Fixed ids, so a demo patient's sign-in (fhirUser Patient/demo-willow-01) points at their record.
        String patientRef = put(bundle, patient, "urn:uuid:patient-" + person,
            "Patient/" + patientId(ward.key(), bed));

        Encounter encounter = new Encounter();
        encounter.getMeta().addProfile(GovernedProfiles.INPATIENT_ENCOUNTER);
        encounter.addIdentifier().setSystem(DEMO_ID).setValue("admission-" + nhs);
        encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
        encounter.setSubject(new Reference(patientRef));
        encounter.setServiceProvider(new Reference(trustRef));
        // Admissions spread from 1 hour to 6 weeks ago, so the board shows fresh and long stays.
        Duration sinceAdmission = Duration.ofMinutes(60 + random.nextInt(60 * 24 * 42));
        ZonedDateTime admitted = now.minus(sinceAdmission).withSecond(0).withNano(0);
        encounter.getPeriod().setStartElement(dateTime(admitted));
        encounter.addLocation()
            .setLocation(new Reference(wardRef).setDisplay(ward.name()))
            .setStatus(Encounter.EncounterLocationStatus.ACTIVE)
            .setPhysicalType(physicalType("wa", "Ward"))
            .getPeriod().setStartElement(dateTime(admitted));
        encounter.addLocation()
            .setLocation(new Reference(bedRef).setDisplay(bedName))
            .setStatus(Encounter.EncounterLocationStatus.ACTIVE)
            .setPhysicalType(physicalType("bd", "Bed"))
            .getPeriod().setStartElement(dateTime(admitted));
        add(bundle, encounter, "urn:uuid:encounter-" + person, DEMO_ID + "|admission-" + nhs);
        if (person == 1) {
          addCarer(bundle, patientRef, patientId(ward.key(), bed));
        }
      }
    }
    return bundle;
  }

  /**
   * The first patient's sister, whom the patient has agreed may add to and receive her safety plan (a Consent with
   * the actions contribute and share): the demo of a carer's words in a co-produced plan.
   */
  private static void addCarer(Bundle bundle, String patientRef, String patientId) {
    String id = patientId + "-sister";
    RelatedPerson sister = new RelatedPerson();
    sister.setActive(true);
    sister.setPatient(new Reference(patientRef));
    sister.addRelationship().addCoding(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "SIS", "sister"));
    sister.addName().setFamily("Nwosu").addGiven("Amara").setText("Amara Nwosu");
    sister.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("07700 900123");
    String sisterRef = put(bundle, sister, "urn:uuid:" + id, "RelatedPerson/" + id);

    Consent consent = new Consent();
    consent.getMeta().addProfile(SafetyPlanCodes.CONSENT_PROFILE);
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.getScope().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null));
    consent.addCategory().addCoding(new Coding("http://loinc.org", "59284-0", "Patient Consent"));
    consent.setPatient(new Reference(patientRef));
    // A fixed date: the demo is loaded at every start and an unchanged resource makes no new version.
    consent.setDateTimeElement(new DateTimeType("2026-01-05T10:00:00+00:00"));
    consent.addPerformer(new Reference(patientRef));
    consent.getPolicyRule().addCoding(
        new Coding("http://terminology.hl7.org/CodeSystem/consentpolicycodes", "cric", null));
    Consent.ProvisionComponent provision = consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    provision.getPeriod().setStartElement(new DateTimeType("2026-01-05T10:00:00+00:00"));
    provision.addActor()
        .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
        .setReference(new Reference(sisterRef));
    provision.addAction().addCoding(new Coding(SafetyPlanCodes.SYSTEM, SafetyPlanCodes.CONTRIBUTE, null));
    provision.addAction().addCoding(new Coding(SafetyPlanCodes.SYSTEM, SafetyPlanCodes.SHARE, null));
    put(bundle, consent, "urn:uuid:" + id + "-consent", "Consent/" + id);
  }

  /** The fixed id of the demo patient in a bed, e.g. {@code demo-willow-01}. */
  public static String patientId(String wardKey, int bed) {
    return String.format("demo-%s-%02d", wardKey, bed);
  }

  /** Staff of the demo realm (deploy/keycloak/parity-realm.json): their fhirUser is Practitioner/[id]. */
  record Staff(String id, String given, String family, String role) {}

  static final List<Staff> STAFF = List.of(
      new Staff("demo-nurse-willow", "Wren", "Ashdown", "Registered mental health nurse, Willow Ward"),
      new Staff("demo-hca-willow", "Hollis", "Brant", "Healthcare assistant, Willow Ward"),
      new Staff("demo-manager-willow", "Marnie", "Okafor", "Ward manager, Willow Ward"),
      new Staff("demo-nurse-cedar", "Cal", "Pemberton", "Registered mental health nurse, Cedar Ward"),
      new Staff("demo-doctor-ali", "Amira", "Ali", "Specialty doctor, Willow and Cedar Wards"));

  private static void addStaff(Bundle bundle) {
    for (Staff staff : STAFF) {
      Practitioner practitioner = new Practitioner();
      practitioner.addIdentifier().setSystem(DEMO_ID).setValue(staff.id());
      practitioner.setActive(true);
      practitioner.addName().setFamily(staff.family()).addGiven(staff.given()).setText(staff.given() + " " + staff.family());
      practitioner.addQualification().getCode().setText(staff.role());
      put(bundle, practitioner, "urn:uuid:" + staff.id(), "Practitioner/" + staff.id());
    }
  }

  private static Patient patient(Random random, int person, ZonedDateTime now) {
    Patient patient = new Patient();
    patient.getMeta().addProfile(GovernedProfiles.PATIENT);
    patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber(person));
    boolean female = random.nextBoolean();
    HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL);
    name.setFamily(FAMILY[(person * 7 + random.nextInt(3)) % FAMILY.length]);
    String[] given = female ? GIVEN_FEMALE : GIVEN_MALE;
    name.addGiven(given[random.nextInt(given.length)]);
    name.addPrefix(female ? (random.nextInt(3) == 0 ? "Mrs" : "Ms") : "Mr");
    patient.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
    LocalDate born = now.toLocalDate().minusYears(18 + random.nextInt(62)).minusDays(random.nextInt(365));
    patient.setBirthDate(Date.from(born.atStartOfDay(LONDON).toInstant()));
    return patient;
  }

  /** The n-th NHS number in the never-issued 999 range whose check digit exists. */
  static String nhsNumber(int n) {
    int found = 0;
    for (int stem = 1; ; stem++) {
      String nine = String.format("999%06d", 1000 + stem);
      Integer check = NhsNumber.checkDigit(nine);
      if (check != null && ++found == n) {
        return nine + check;
      }
    }
  }

  private static DateTimeType dateTime(ZonedDateTime time) {
    DateTimeType value = new DateTimeType(Date.from(time.toInstant()));
    value.setTimeZone(TimeZone.getTimeZone(LONDON));
    return value;
  }

  private static CodeableConcept physicalType(String code, String display) {
    return new CodeableConcept().addCoding(new Coding(PHYSICAL_TYPE, code, display));
  }

  private static String put(Bundle bundle, Resource resource, String fullUrl, String url) {
    bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(HTTPVerb.PUT).setUrl(url);
    return fullUrl;
  }

  private static String add(Bundle bundle, Resource resource, String fullUrl, String identifierQuery) {
    bundle.addEntry()
        .setFullUrl(fullUrl)
        .setResource(resource)
        .getRequest()
        .setMethod(HTTPVerb.POST)
        .setUrl(resource.fhirType())
        .setIfNoneExist("identifier=" + identifierQuery);
    return fullUrl;
  }
}
