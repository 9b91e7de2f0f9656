package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code $document} and {@code $share} with sign-in on (real Keycloak tokens): staff of the patient's ward, the patient
 * themselves (to themselves only), trusts (document only), and who is refused. Demo: Patient/demo-willow-01 is on
 * Willow Ward and signs in as patient.willow01.
 */
class SharingAccessTest extends SecuredServerTest {

  static final String PATIENT = "Patient/demo-willow-01";
  static final String NURSE = "Practitioner/demo-nurse-willow";

  @Autowired
  FhirContext fhir;

  /** A draft plan for demo-willow-01 written by nurse.willow with the patient. */
  private String plan() {
    Http.Response profile = get(token("nurse.willow"), "/StructureDefinition?url=" + SharingFixtures.PROFILE);
    boolean known = profile.status() == 200 && profile.json().path("entry").size() > 0;
    CarePlan plan = SharingFixtures.plan(PATIENT, null, "draft", null, known,
        new SharingFixtures.Words("warning-signs", "I stop going to the kitchen", PATIENT, "Fatima Nwosu"),
        new SharingFixtures.Words("professionals-services", "Willow Ward, day or night", NURSE, "Willow nurse"));
    Http.Response created = post(token("nurse.willow"), "/CarePlan", fhir.newJsonParser().encodeResourceToString(plan));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return "CarePlan/" + created.json().path("id").asText();
  }

  private String share(String recipient) {
    Parameters in = new Parameters();
    in.addParameter().setName("recipient").setValue(new Reference(recipient));
    in.addParameter().setName("channel").setValue(new StringType("Printed copy"));
    return fhir.newJsonParser().encodeResourceToString(in);
  }

  @Test
  void wardStaffMayHaveAndShareThePlanAHealthcareAssistantOnlyHaveItAnotherWardNeither() {
    String plan = plan();
    Http.Response document = get(token("nurse.willow"), "/" + plan + "/$document");
    assertThat(document.status()).as(document.body()).isEqualTo(200);
    assertThat(document.json().path("type").asText()).isEqualTo("document");

    Http.Response shared = post(token("nurse.willow"), "/" + plan + "/$share", share(PATIENT));
    assertThat(shared.status()).as(shared.body()).isEqualTo(200);
    JsonNode communication = get(token("nurse.willow"), "/" + reference(shared)).json();
    assertThat(communication.path("sender").path("reference").asText()).isEqualTo(NURSE);

    assertThat(get(token("hca.willow"), "/" + plan + "/$document").status()).isEqualTo(200);
    assertThat(post(token("hca.willow"), "/" + plan + "/$share", share(PATIENT)).status()).isEqualTo(403);
    assertThat(get(token("nurse.cedar"), "/" + plan + "/$document").status()).isEqualTo(403);
    assertThat(post(token("nurse.cedar"), "/" + plan + "/$share", share(PATIENT)).status()).isEqualTo(403);
    assertThat(get(token("auditor.sam"), "/" + plan + "/$document").status()).isEqualTo(403);
  }

  @Test
  void thePatientHasTheirPlanAndACopyForThemselvesOnly() {
    String plan = plan();
    String patient = token("patient.willow01");
    Http.Response document = get(patient, "/" + plan + "/$document");
    assertThat(document.status()).as(document.body()).isEqualTo(200);

    Http.Response own = post(patient, "/" + plan + "/$share", share(PATIENT));
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    JsonNode communication = get(patient, "/" + reference(own)).json();
    assertThat(communication.path("sender").path("reference").asText()).isEqualTo(PATIENT);
    assertThat(communication.path("recipient").get(0).path("reference").asText()).isEqualTo(PATIENT);

    Http.Response toNurse = post(patient, "/" + plan + "/$share", share(NURSE));
    assertThat(toNurse.status()).as(toNurse.body()).isEqualTo(403);
    assertThat(toNurse.issues()).contains("only with themselves");
  }

  @Test
  void anotherPatientsPlanIsNotThePatients() {
    CarePlan other = SharingFixtures.plan("Patient/demo-willow-05", null, "draft", null, false,
        new SharingFixtures.Words("warning-signs", "I pace", "Patient/demo-willow-05", "Willow five"));
    Http.Response profile = get(token("nurse.willow"), "/StructureDefinition?url=" + SharingFixtures.PROFILE);
    if (profile.status() == 200 && profile.json().path("entry").size() > 0) {
      other.getMeta().addProfile(SharingFixtures.PROFILE);
    }
    Http.Response created = post(token("nurse.willow"), "/CarePlan", fhir.newJsonParser().encodeResourceToString(other));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String plan = "CarePlan/" + created.json().path("id").asText();
    assertThat(get(token("patient.willow01"), "/" + plan + "/$document").status()).isEqualTo(403);
    assertThat(post(token("patient.willow01"), "/" + plan + "/$share", share(PATIENT)).status()).isEqualTo(403);
  }

  @Test
  void anAcuteTrustMayHaveTheDocumentButNotShareIt() {
    String plan = plan();
    Http.Response document = get(trustToken("trust-demo-acute"), "/" + plan + "/$document");
    assertThat(document.status()).as(document.body()).isEqualTo(200);
    assertThat(post(trustToken("trust-demo-acute"), "/" + plan + "/$share", share(PATIENT)).status()).isEqualTo(403);
    // A trust configured without CarePlan reads gets no safety plan document either.
    assertThat(get(trustToken("trust-demo-general"), "/" + plan + "/$document").status()).isEqualTo(403);
  }

  private static String reference(Http.Response shared) {
    for (JsonNode p : shared.json().path("parameter")) {
      if (p.path("name").asText().equals("communication")) {
        return p.path("valueReference").path("reference").asText();
      }
    }
    throw new AssertionError("no communication in " + shared.body());
  }
}
