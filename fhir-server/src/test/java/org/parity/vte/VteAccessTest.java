package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The VTE assessment with sign-in on (real Keycloak): who may submit it, who reads the derived RiskAssessment, who
 * may pre-populate it. Demo data: Willow Ward beds 1-10 have in-progress admissions.
 */
class VteAccessTest extends SecuredServerTest {

  static final String PATIENT = "Patient/demo-willow-02";

  @Autowired
  FhirContext fhir;

  private String admission(String token) {
    Http.Response found = get(token, "/Encounter?patient=" + PATIENT + "&status=in-progress");
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    JsonNode entry = found.json().path("entry").get(0);
    return "Encounter/" + entry.path("resource").path("id").asText();
  }

  private String form(String encounter, String author) {
    var response = Fixtures.vteResponse(PATIENT, encounter, "completed", "medical-reduced-mobility", "mh-antipsychotic");
    response.setAuthor(new org.hl7.fhir.r4.model.Reference(author));
    return fhir.newJsonParser().encodeResourceToString(response);
  }

  @Test
  void aNurseSubmitsAndReadsTheAssessmentAHealthcareAssistantCannotSubmit() {
    String nurse = token("nurse.willow");
    String encounter = admission(nurse);

    Http.Response hca = post(token("hca.willow"), "/QuestionnaireResponse", form(encounter, "Practitioner/demo-hca-willow"));
    assertThat(hca.status()).as(hca.body()).isEqualTo(403);

    Http.Response submitted = post(nurse, "/QuestionnaireResponse", form(encounter, "Practitioner/demo-nurse-willow"));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    String response = "QuestionnaireResponse/" + submitted.json().path("id").asText();
    Http.Response assessments = get(nurse, "/RiskAssessment?basis=" + response);
    assertThat(assessments.status()).as(assessments.body()).isEqualTo(200);
    assertThat(assessments.json().path("entry")).hasSize(1);
    String assessment = "RiskAssessment/" + assessments.json().path("entry").get(0).path("resource").path("id").asText();
    Http.Response read = get(nurse, "/" + assessment);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().path("performer").path("reference").asText()).isEqualTo("Practitioner/demo-nurse-willow");
  }

  @Test
  void aDoctorPopulatesTheFormForAWillowPatientButNotForAnotherWard() {
    String doctor = token("doctor.ali");
    Http.Response populated = get(doctor, "/Questionnaire/vte-risk-assessment/$populate?subject=" + PATIENT);
    assertThat(populated.status()).as(populated.body()).isEqualTo(200);
    assertThat(populated.body()).contains("\"subject\":{\"reference\":\"" + PATIENT + "\"}");

    String nurse = token("nurse.willow");
    Http.Response otherWard = get(nurse, "/Questionnaire/vte-risk-assessment/$populate?subject=Patient/demo-cedar-01");
    assertThat(otherWard.status()).as(otherWard.body()).isEqualTo(403);
    Http.Response hca = get(token("hca.willow"), "/Questionnaire/vte-risk-assessment/$populate?subject=" + PATIENT);
    assertThat(hca.status()).as(hca.body()).isEqualTo(403);
  }
}
