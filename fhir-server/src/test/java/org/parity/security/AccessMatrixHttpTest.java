package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Scope AND role AND relationship, over real HTTP with tokens from the real Keycloak: each role against
 * resources and operations. Demo data: Willow Ward (ZZW01) beds 1-10 and Cedar Ward (ZZC01) beds 1-9.
 */
class AccessMatrixHttpTest extends SecuredServerTest {

  static final String WILLOW_PATIENT = "Patient/demo-willow-01";
  // Test classes share one context: break-glass tests open other Cedar patients, never this one.
  static final String CEDAR_PATIENT = "Patient/demo-cedar-08";

  @Autowired
  FhirContext fhir;

  @Autowired
  ca.uhn.fhir.jpa.api.dao.DaoRegistry daos;

  @Autowired
  org.parity.audit.AuditTrail auditTrail;

  private static String heartRate(String patient) {
    return """
        {"resourceType":"Observation","status":"final",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
         "subject":{"reference":"%s"},"effectiveDateTime":"2026-11-27T09:00:00+00:00",
         "valueQuantity":{"value":72,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}}
        """.formatted(patient);
  }

  private static List<String> subjects(Http.Response bundle, String path) {
    List<String> refs = new ArrayList<>();
    for (JsonNode entry : bundle.json().path("entry")) {
      JsonNode resource = entry.path("resource");
      refs.add(path.isEmpty() ? resource.path("resourceType").asText() + "/" + resource.path("id").asText()
          : resource.path(path).path("reference").asText());
    }
    return refs;
  }

  @Test
  void wardStaffSeeTheirWardAndNotAnother() {
    // manager.willow never uses break-glass in these tests, so her searches show her ward alone.
    String nurse = token("manager.willow");
    assertThat(get(nurse, "/" + WILLOW_PATIENT).status()).isEqualTo(200);
    Http.Response other = get(nurse, "/" + CEDAR_PATIENT);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(other.json().path("issue").get(0).path("code").asText()).isEqualTo("forbidden");
    assertThat(other.issues()).contains("ZZW01").contains("$break-glass");

    // Searches are narrowed, not refused: the other ward's patients are simply absent.
    Http.Response patients = get(nurse, "/Patient?_count=100");
    assertThat(patients.status()).isEqualTo(200);
    List<String> ids = subjects(patients, "");
    assertThat(ids).contains("Patient/demo-willow-01", "Patient/demo-willow-10")
        .noneSatisfy(id -> assertThat(id).startsWith("Patient/demo-cedar-"));
    assertThat(ids.stream().filter(id -> id.startsWith("Patient/demo-willow-"))).hasSize(10);
    Http.Response byNhs = get(nurse, "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|"
        + read(trustToken("trust-demo-acute"), CEDAR_PATIENT).getIdentifierFirstRep().getValue());
    assertThat(byNhs.status()).isEqualTo(200);
    assertThat(byNhs.json().path("total").asInt(-1)).isZero();
  }

  @Test
  void nurseChartsForHerPatientsOnly() {
    String nurse = token("nurse.willow");
    assertThat(post(nurse, "/Observation", heartRate(WILLOW_PATIENT)).status()).isEqualTo(201);
    Http.Response refused = post(nurse, "/Observation", heartRate(CEDAR_PATIENT));
    assertThat(refused.status()).isEqualTo(403);
    Http.Response search = get(nurse, "/Observation?code=http://loinc.org|8867-4&_count=200");
    assertThat(search.status()).isEqualTo(200);
    assertThat(subjects(search, "subject")).isNotEmpty().allSatisfy(s -> assertThat(s).startsWith("Patient/demo-willow-"));
  }

  @Test
  void tasksFollowTheirPatientAlthoughR4LeavesThemOutOfTheCompartment() {
    String nurse = token("nurse.willow");
    // Every demo admission has its VTE reassessment Task.
    Http.Response own = get(nurse, "/Task?patient=" + WILLOW_PATIENT);
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.json().path("total").asInt()).isPositive();
    String taskId = own.json().path("entry").get(0).path("resource").path("id").asText();
    assertThat(get(nurse, "/Task/" + taskId).status()).isEqualTo(200);
    assertThat(get(nurse, "/Task?patient=" + CEDAR_PATIENT).status()).isEqualTo(403);
    // Without a patient, the search is narrowed to her patients, as for the compartment types.
    Http.Response all = get(nurse, "/Task?code=https://parity-epr.org/fhir/CodeSystem/vte|vte-reassessment&_count=200");
    assertThat(all.status()).as(all.body()).isEqualTo(200);
    List<String> forWhom = subjects(all, "for");
    assertThat(forWhom).contains(WILLOW_PATIENT).noneSatisfy(p -> assertThat(p).isEqualTo(CEDAR_PATIENT));
    Http.Response cedarTask = get(trustToken("trust-demo-acute"), "/Task?patient=" + CEDAR_PATIENT);
    String cedarTaskId = cedarTask.json().path("entry").get(0).path("resource").path("id").asText();
    assertThat(get(nurse, "/Task/" + cedarTaskId).status()).isEqualTo(403);
  }

  @Test
  void healthcareAssistantChartsButCannotCompleteAnAssessment() {
    String hca = token("hca.willow");
    assertThat(post(hca, "/Observation", heartRate(WILLOW_PATIENT)).status()).isEqualTo(201);
    String riskAssessment = """
        {"resourceType":"RiskAssessment","status":"final","subject":{"reference":"%s"},
         "code":{"text":"VTE risk assessment"}}""".formatted(WILLOW_PATIENT);
    assertThat(post(hca, "/RiskAssessment", riskAssessment).status()).isEqualTo(403);
    assertThat(post(token("nurse.willow"), "/RiskAssessment", riskAssessment).status()).isEqualTo(201);
  }

  @Test
  void patientReadsOnlyTheirOwnRecord() {
    String patient = token("patient.willow01");
    assertThat(get(patient, "/" + WILLOW_PATIENT).status()).isEqualTo(200);
    assertThat(get(patient, "/Patient/demo-willow-02").status()).isEqualTo(403);
    Http.Response encounters = get(patient, "/Encounter?_count=100");
    assertThat(encounters.status()).isEqualTo(200);
    assertThat(subjects(encounters, "subject")).containsOnly(WILLOW_PATIENT);
    assertThat(post(patient, "/Observation", heartRate(WILLOW_PATIENT)).status()).isEqualTo(403);
  }

  @Test
  void integratorHandlesReferralsButReadsNoObservations() {
    String integrator = integratorToken();
    assertThat(get(integrator, "/Observation?_count=1").status()).isEqualTo(403);
    assertThat(get(integrator, "/" + WILLOW_PATIENT).status()).isEqualTo(403);
    String referral = """
        {"resourceType":"ServiceRequest","status":"active","intent":"order",
         "code":{"text":"Referral to acute medicine"},"subject":{"reference":"%s"}}""".formatted(WILLOW_PATIENT);
    Http.Response created = post(integrator, "/ServiceRequest", referral);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @Test
  void trustSystemReadsAnyWardButWritesNothing() {
    String trust = trustToken("trust-demo-acute");
    assertThat(get(trust, "/" + CEDAR_PATIENT).status()).isEqualTo(200);
    assertThat(get(trust, "/" + WILLOW_PATIENT).status()).isEqualTo(200);
    Http.Response everything = get(trust, "/" + CEDAR_PATIENT + "/$everything");
    assertThat(everything.status()).isEqualTo(200);
    // The reads above are now in the audit trail, which names the patient; $everything is still the record only.
    assertThat(auditTrail.flush()).isTrue();
    Http.Response again = get(trust, "/" + CEDAR_PATIENT + "/$everything?_count=500");
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.body()).contains("\"Encounter\"").doesNotContain("\"AuditEvent\"");
    assertThat(post(trust, "/Observation", heartRate(CEDAR_PATIENT)).status()).isEqualTo(403);
    assertThat(get(trust, "/AuditEvent?_count=1").status()).isEqualTo(403);
    // The general trust's client is configured for fewer types.
    assertThat(get(trustToken("trust-demo-general"), "/RiskAssessment?_count=1").status()).isEqualTo(403);
    assertThat(get(trustToken("trust-demo-general"), "/Condition?_count=1").status()).isEqualTo(200);
  }

  @Test
  void exportFilesAndOtherNonRecordTypesAreClosedToStaffAndPatients() {
    // As a bulk export leaves it: a file of everyone's records.
    org.hl7.fhir.r4.model.Binary file = new org.hl7.fhir.r4.model.Binary().setContentType("application/fhir+ndjson");
    file.setData("{\"resourceType\":\"Patient\",\"id\":\"demo-cedar-05\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String binary = daos.getResourceDao(org.hl7.fhir.r4.model.Binary.class)
        .create(file, new ca.uhn.fhir.rest.api.server.SystemRequestDetails()).getId().toUnqualifiedVersionless().getIdPart();
    for (String user : List.of("nurse.willow", "doctor.ali", "patient.willow01")) {
      assertThat(get(token(user), "/Binary/" + binary).status()).as(user).isEqualTo(403);
      Http.Response list = get(token(user), "/Binary");
      assertThat(list.status() == 403 || list.json().path("entry").isEmpty()).as(user + " " + list.body()).isTrue();
      assertThat(list.body()).doesNotContain(binary);
    }
    assertThat(get(trustToken("trust-demo-acute"), "/Binary/" + binary).status()).isEqualTo(200);
    // Reference data stays readable.
    assertThat(get(token("patient.willow01"), "/Location?_count=1").status()).isEqualTo(200);
  }

  @Test
  void nothingIsDeletedAndNobodyWritesTheAuditTrail() {
    String nurse = token("nurse.willow");
    Http.Response created = post(nurse, "/Observation", heartRate(WILLOW_PATIENT));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    Http.Response delete = Http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(fhirBase() + "/Observation/" + id)).header("Authorization", "Bearer " + nurse).DELETE());
    assertThat(delete.status()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).isPresent();
    assertThat(delete.issues()).contains("entered-in-error");
    assertThat(get(nurse, "/Observation/" + id).status()).isEqualTo(200);
    Http.Response audit = post(token("auditor.sam"), "/AuditEvent", "{\"resourceType\":\"AuditEvent\"}");
    assertThat(audit.status()).isEqualTo(405);
  }

  @Test
  void onlyTrustSystemsStartABulkExport() {
    String[] async = {"Prefer", "respond-async"};
    Http.Response trust = Http.get(fhirBase() + "/$export?_type=Patient,Encounter", concat(bearer(trustToken("trust-demo-acute")), async));
    assertThat(trust.status()).as(trust.body()).isEqualTo(202);
    assertThat(trust.headers().firstValue("Content-Location")).isPresent();
    Http.Response nurse = Http.get(fhirBase() + "/$export?_type=Patient", concat(bearer(token("nurse.willow")), async));
    assertThat(nurse.status()).isEqualTo(403);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void auditorReadsTheAuditTrailNotTheRecord() {
    String auditor = token("auditor.sam");
    assertThat(get(auditor, "/AuditEvent?_count=5").status()).isEqualTo(200);
    assertThat(get(auditor, "/" + WILLOW_PATIENT).status()).isEqualTo(403);
    assertThat(get(token("nurse.willow"), "/AuditEvent?_count=5").status()).isEqualTo(403);
  }

  @Test
  void staffAdmitOnlyToTheirOwnWard() {
    String nurse = token("nurse.willow");
    String cedar = wardId(nurse, "ZZC01");
    String willow = wardId(nurse, "ZZW01");
    assertThat(admit(nurse, cedar).status()).isEqualTo(403);
    Http.Response admitted = admit(nurse, willow);
    assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
  }

  @Test
  void fluidBalanceOperationFollowsTheWard() {
    String nurse = token("nurse.willow");
    assertThat(get(nurse, "/" + WILLOW_PATIENT + "/$fluid-balance").status()).isEqualTo(200);
    assertThat(get(nurse, "/" + CEDAR_PATIENT + "/$fluid-balance").status()).isEqualTo(403);
  }

  private Http.Response admit(String token, String wardRef) {
    Patient patient = Fixtures.patient(Fixtures.nhsNumber(), "Admitted");
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    bundle.addEntry().setFullUrl("urn:uuid:new-patient").setResource(patient).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    Encounter encounter = Fixtures.inpatientEncounter("urn:uuid:new-patient", wardRef);
    bundle.addEntry().setFullUrl("urn:uuid:new-encounter").setResource(encounter).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
    return Http.postJson(fhirBase(), fhir.newJsonParser().encodeResourceToString(bundle), bearer(token));
  }

  private String wardId(String token, String code) {
    Http.Response wards = get(token, "/Location?identifier=https://fhir.nhs.uk/Id/ods-site-code|" + code);
    assertThat(wards.status()).isEqualTo(200);
    return "Location/" + wards.json().path("entry").get(0).path("resource").path("id").asText();
  }

  private Patient read(String token, String ref) {
    Http.Response response = get(token, "/" + ref);
    assertThat(response.status()).isEqualTo(200);
    return fhir.newJsonParser().parseResource(Patient.class, response.body());
  }
}
