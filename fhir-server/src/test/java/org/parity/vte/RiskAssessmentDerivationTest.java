package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.Http;

/** A completed VTE QuestionnaireResponse becomes a RiskAssessment, over real HTTP (the rule's branches: VteRulesTest). */
class RiskAssessmentDerivationTest extends VteServerTest {

  String patient;
  String encounter;

  @BeforeEach
  void admitPatient() {
    String[] admitted = admit("1950-06-01", 2);
    patient = admitted[0];
    encounter = admitted[1];
  }

  private JsonNode onlyAssessment(String responseRef) {
    List<JsonNode> found = search("/RiskAssessment?basis=" + responseRef);
    assertThat(found).as("RiskAssessments derived from " + responseRef).hasSize(1);
    return found.get(0);
  }

  private static String recommendation(JsonNode assessment) {
    for (JsonNode extension : assessment.path("extension")) {
      if (extension.path("url").asText().equals(VteFhirCodes.EXT_RECOMMENDATION)) {
        return extension.path("valueCoding").path("code").asText();
      }
    }
    throw new AssertionError("no recommendation in " + assessment);
  }

  @Test
  void thrombosisFactorsWithoutBleedingRiskConsiderPharmacologicalProphylaxis() {
    var form = Fixtures.vteResponse(patient, encounter, "completed", "medical-reduced-mobility", "t-age-over-60",
        "mh-antipsychotic");
    form.setAuthor(new org.hl7.fhir.r4.model.Reference("Practitioner/demo-nurse-willow"));
    String response = create(form);

    JsonNode assessment = onlyAssessment(response);
    assertThat(assessment.path("status").asText()).isEqualTo("final");
    assertThat(assessment.path("meta").path("profile").toString()).contains(VteFhirCodes.PROFILE_RISK_ASSESSMENT);
    assertThat(assessment.path("subject").path("reference").asText()).isEqualTo(patient);
    assertThat(assessment.path("encounter").path("reference").asText()).isEqualTo(encounter);
    assertThat(assessment.path("performer").path("reference").asText()).isEqualTo("Practitioner/demo-nurse-willow");
    assertThat(assessment.path("basis").get(0).path("reference").asText()).isEqualTo(response);
    assertThat(codes(assessment.path("code"))).containsExactly("vte-risk-assessment");
    assertThat(codes(assessment.path("method"))).containsExactly("dh-vte-tool");
    assertThat(recommendation(assessment)).isEqualTo("consider-pharmacological");
    JsonNode thrombosis = assessment.path("prediction").get(0);
    assertThat(codes(thrombosis.path("outcome"))).containsExactly("thrombosis-risk-present");
    assertThat(thrombosis.path("rationale").asText()).containsIgnoringCase("60").containsIgnoringCase("antipsychotic");
    assertThat(codes(assessment.path("prediction").get(1).path("outcome"))).containsExactly("bleeding-risk-absent");
    assertThat(assessment.path("mitigation").asText()).containsIgnoringCase("pharmacological")
        .doesNotContainPattern("(?i)\\b\\d+\\s*(mg|units|iu)\\b");
  }

  @Test
  void medicalPatientWithoutReducedMobilityNeedsNoFurtherSteps() {
    String response = create(Fixtures.vteResponse(patient, encounter, "completed", "medical-not-reduced", "t-age-over-60"));
    JsonNode assessment = onlyAssessment(response);
    assertThat(recommendation(assessment)).isEqualTo("no-further-steps");
  }

  @Test
  void bleedingRiskJudgedToPrecludePharmacologicalLeadsToMechanical() {
    String response = create(Fixtures.vteResponse(patient, encounter, "completed", "surgical", "t-hip-fracture",
        "b-active-bleeding", "bleeding-precludes-pharmacological"));
    JsonNode assessment = onlyAssessment(response);
    assertThat(recommendation(assessment)).isEqualTo("consider-mechanical");
    assertThat(codes(assessment.path("prediction").get(1).path("outcome"))).containsExactly("bleeding-risk-present");
  }

  @Test
  void aDraftDerivesNothingAndCompletingItLater() {
    var draft = Fixtures.vteResponse(patient, encounter, "in-progress", null, "t-age-over-60");
    String response = create(draft);
    assertThat(search("/RiskAssessment?basis=" + response)).isEmpty();

    var completed = Fixtures.vteResponse(patient, encounter, "completed", "medical-reduced-mobility", "t-age-over-60");
    completed.setId(response);
    Http.Response put = put(response, json(completed));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(recommendation(onlyAssessment(response))).isEqualTo("consider-pharmacological");
  }

  @Test
  void anAmendedResponseAmendsItsRiskAssessmentAndHistoryKeepsTheFirst() {
    String response = create(Fixtures.vteResponse(patient, encounter, "completed", "medical-reduced-mobility"));
    JsonNode first = onlyAssessment(response);
    assertThat(recommendation(first)).isEqualTo("no-risk-factors");

    var amended = Fixtures.vteResponse(patient, encounter, "amended", "medical-reduced-mobility", "t-vte-history");
    amended.setId(response);
    Http.Response put = put(response, json(amended));
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    JsonNode now = onlyAssessment(response);
    assertThat(now.path("id").asText()).isEqualTo(first.path("id").asText());
    assertThat(now.path("status").asText()).isEqualTo("amended");
    assertThat(recommendation(now)).isEqualTo("consider-pharmacological");
    JsonNode v1 = read("RiskAssessment/" + first.path("id").asText() + "/_history/1");
    assertThat(recommendation(v1)).isEqualTo("no-risk-factors");
  }

  @Test
  void enteredInErrorWithdrawsTheRiskAssessment() {
    String response = create(Fixtures.vteResponse(patient, encounter, "completed", "medical-reduced-mobility", "t-cancer"));
    String assessment = "RiskAssessment/" + onlyAssessment(response).path("id").asText();
    var withdrawn = Fixtures.vteResponse(patient, encounter, "entered-in-error", "medical-reduced-mobility", "t-cancer");
    withdrawn.setId(response);
    Http.Response put = put(response, json(withdrawn));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(read(assessment).path("status").asText()).isEqualTo("entered-in-error");
  }

  @Test
  void withoutTheCurrentAdmissionTheResponseIsRefusedAndNothingStored() {
    Http.Response noEncounter = Http.postJson(fhirBase() + "/QuestionnaireResponse",
        json(Fixtures.vteResponse(patient, null, "completed", "surgical")));
    assertThat(noEncounter.status()).as(noEncounter.body()).isEqualTo(422);
    assertThat(noEncounter.issues()).contains("QuestionnaireResponse.encounter");
    // Claiming the profile, the profile's own constraint refuses it first.
    var claimed = Fixtures.vteResponse(patient, null, "completed", "surgical");
    claimed.getMeta().addProfile(VteFhirCodes.PROFILE_RESPONSE);
    Http.Response byProfile = Http.postJson(fhirBase() + "/QuestionnaireResponse", json(claimed));
    assertThat(byProfile.status()).as(byProfile.body()).isEqualTo(422);

    String[] other = admit("1990-01-01", 1);
    Http.Response otherPatients = Http.postJson(fhirBase() + "/QuestionnaireResponse",
        json(Fixtures.vteResponse(patient, other[1], "completed", "surgical")));
    assertThat(otherPatients.status()).as(otherPatients.body()).isEqualTo(422);
    assertThat(otherPatients.issues()).contains("QuestionnaireResponse.encounter").contains("not an admission of");

    String ward = create(Fixtures.ward("VD" + java.util.UUID.randomUUID().toString().substring(0, 3), "Discharge ward"));
    var discharged = Fixtures.inpatientEncounter(patient, ward);
    discharged.getLocationFirstRep().setStatus(org.hl7.fhir.r4.model.Encounter.EncounterLocationStatus.COMPLETED);
    discharged.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
    discharged.getPeriod().setEnd(new java.util.Date());
    String finished = create(discharged);
    Http.Response old = Http.postJson(fhirBase() + "/QuestionnaireResponse",
        json(Fixtures.vteResponse(patient, finished, "completed", "surgical")));
    assertThat(old.status()).as(old.body()).isEqualTo(422);
    assertThat(old.issues()).contains("QuestionnaireResponse.encounter").contains("finished");

    assertThat(search("/QuestionnaireResponse?subject=" + patient)).isEmpty();
    assertThat(search("/RiskAssessment?subject=" + patient)).isEmpty();
  }

  @Test
  void aCompletedFormNeedsTheMobilityAnswer() {
    Http.Response refused = Http.postJson(fhirBase() + "/QuestionnaireResponse",
        json(Fixtures.vteResponse(patient, encounter, "completed", null, "t-age-over-60")));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.issues()).contains("mobility");
    assertThat(search("/QuestionnaireResponse?subject=" + patient)).isEmpty();
  }

  @Test
  void inATransactionTheAssessmentIsDerivedAndARefusalRollsEverythingBack() {
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + entry("urn:uuid:" + java.util.UUID.randomUUID(), json(Fixtures.vteResponse(patient, encounter, "completed",
            "medical-reduced-mobility", "t-obesity")))
        + "]}";
    Http.Response ok = Http.postJson(fhirBase(), bundle);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    String location = ok.json().path("entry").get(0).path("response").path("location").asText();
    String response = location.substring(0, location.indexOf("/_history"));
    assertThat(recommendation(onlyAssessment(response))).isEqualTo("consider-pharmacological");

    // A reduced-mobility observation and a form without step 1: the whole transaction is refused.
    String refusedBundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + entry("urn:uuid:" + java.util.UUID.randomUUID(), json(Fixtures.reducedMobility(patient, encounter))) + ","
        + entry("urn:uuid:" + java.util.UUID.randomUUID(), json(Fixtures.vteResponse(patient, encounter, "completed",
            null, "t-obesity")))
        + "]}";
    Http.Response refused = Http.postJson(fhirBase(), refusedBundle);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(search("/Observation?subject=" + patient + "&code=" + Fixtures.VTE + "|reduced-mobility")).isEmpty();
    assertThat(search("/QuestionnaireResponse?subject=" + patient)).hasSize(1);
  }

  @Test
  void oneTransactionCanWithdrawOneAssessmentAndDeriveAnother() {
    String first = create(Fixtures.vteResponse(patient, encounter, "completed", "medical-reduced-mobility", "t-cancer"));
    String firstAssessment = "RiskAssessment/" + onlyAssessment(first).path("id").asText();
    var withdrawn = Fixtures.vteResponse(patient, encounter, "entered-in-error", "medical-reduced-mobility", "t-cancer");
    withdrawn.setId(first);
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + "{\"fullUrl\":\"" + fhirBase() + "/" + first + "\",\"resource\":" + json(withdrawn)
        + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + first + "\"}},"
        + entry("urn:uuid:" + java.util.UUID.randomUUID(), json(Fixtures.vteResponse(patient, encounter, "completed",
            "medical-reduced-mobility", "b-active-bleeding")))
        + "]}";
    Http.Response ok = Http.postJson(fhirBase(), bundle);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(read(firstAssessment).path("status").asText()).isEqualTo("entered-in-error");
    String second = null;
    for (JsonNode entry : ok.json().path("entry")) {
      String location = entry.path("response").path("location").asText();
      if (!location.startsWith(first + "/")) {
        second = location.substring(0, location.indexOf("/_history"));
      }
    }
    assertThat(second).isNotNull();
    JsonNode derived = onlyAssessment(second);
    assertThat(derived.path("status").asText()).isEqualTo("final");
    assertThat(recommendation(derived)).isEqualTo("no-risk-factors");
  }
}
