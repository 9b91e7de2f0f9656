package org.parity.phr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * Over real HTTP: completing a physical health review (422 naming each missing item; in-progress accepted), and
 * discharge with the review incomplete (allowed, warned, community Task) or complete (no warning, no Task).
 */
class DischargeReviewTest extends H2ServerTest {

  static final String COMMUNITY_TASKS = "/Task?code=https://parity-epr.org/fhir/CodeSystem/deadline|phr-community&encounter=";

  @Test
  void completedButIncompleteIsRefusedNamingEachMissingItem() {
    String[] admission = admit();
    var response = PhrFixtures.response(admission[0], admission[1], "completed");
    PhrFixtures.answer(response, "pulse", "pulse-value", PhrFixtures.quantity(80, "/min", "beats per minute"));
    Http.Response refused = post(response);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    String issues = refused.issues();
    for (String linkId : List.of("weight", "height", "bmi", "blood-pressure", "glucose", "lipids", "smoking",
        "alcohol", "substance-use", "physical-examination", "bloods", "lifestyle-advice")) {
      assertThat(issues).contains("QuestionnaireResponse.item.where(linkId='" + linkId + "')");
    }
    assertThat(issues).doesNotContain("linkId='pulse'").doesNotContain("linkId='ecg'");
    assertThat(refused.json().path("issue")).hasSize(12);
  }

  @Test
  void inProgressIsAcceptedAndCompleteIsCreated() {
    String[] admission = admit();
    var started = PhrFixtures.response(admission[0], admission[1], "in-progress");
    PhrFixtures.answer(started, "pulse", "pulse-value", PhrFixtures.quantity(80, "/min", "beats per minute"));
    assertThat(post(started).status()).isEqualTo(201);
    Http.Response created = post(PhrFixtures.complete(admission[0], admission[1], "completed"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @Test
  void ecgIsRequiredWhenAnAntipsychoticIsPrescribed() {
    String[] admission = admit();
    create(Fixtures.medicationStatement(admission[0], "N05AH03", "olanzapine"));
    Http.Response refused = post(PhrFixtures.complete(admission[0], admission[1], "completed"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.issues()).contains("linkId='ecg'").contains("olanzapine");
    assertThat(refused.json().path("issue")).hasSize(1);
    var withReason = PhrFixtures.complete(admission[0], admission[1], "completed");
    PhrFixtures.answer(withReason, "ecg", "ecg-not-done", new org.hl7.fhir.r4.model.StringType("ECG machine broken"));
    assertThat(post(withReason).status()).isEqualTo(201);
  }

  @Test
  void responseWithoutEncounterIsRefused() {
    String[] admission = admit();
    var response = PhrFixtures.response(admission[0], admission[1], "in-progress");
    response.setEncounter(null);
    Http.Response refused = post(response);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.issues()).contains("encounter");
  }

  @Test
  void dischargeWithAnIncompleteReviewIsWarnedAndLeavesACommunityTask() {
    String[] admission = admit();
    var started = PhrFixtures.response(admission[0], admission[1], "in-progress");
    PhrFixtures.answer(started, "pulse", "pulse-value", PhrFixtures.quantity(80, "/min", "beats per minute"));
    assertThat(post(started).status()).isEqualTo(201);

    Http.Response discharged = discharge(admission[1], "return=OperationOutcome");
    assertThat(discharged.status()).as(discharged.body()).isEqualTo(200);
    assertThat(discharged.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    JsonNode warning = warnings(discharged.json()).get(0);
    assertThat(warning.path("diagnostics").asText()).contains("physical health review incomplete")
        .contains("Weight").contains("Lifestyle advice given").doesNotContain("Pulse");
    assertThat(read(admission[1]).path("status").asText()).isEqualTo("finished");

    List<JsonNode> tasks = search(COMMUNITY_TASKS + admission[1]);
    assertThat(tasks).hasSize(1);
    JsonNode task = tasks.get(0);
    assertThat(task.path("status").asText()).isEqualTo("requested");
    assertThat(task.path("owner").path("display").asText()).isEqualTo("Community mental health team");
    assertThat(task.path("businessStatus").path("coding").path(0).path("code").asText()).isEqualTo("due");
    // A hand-off, not a ward deadline: no due time the poller would move.
    assertThat(task.path("restriction").path("period").has("end")).isFalse();
    assertThat(task.path("for").path("reference").asText()).isEqualTo(admission[0]);
    assertThat(task.path("encounter").path("reference").asText()).isEqualTo(admission[1]);
    assertThat(task.path("description").asText()).contains("Weight").contains("Blood pressure").doesNotContain("Pulse");
    assertThat(warning.path("diagnostics").asText()).contains("Task/" + task.path("id").asText());
  }

  @Test
  void dischargeWithoutAnyReviewWarnsInTheDefaultResponseAndInATransaction() {
    String[] plain = admit();
    Http.Response discharged = discharge(plain[1], null);
    assertThat(discharged.status()).as(discharged.body()).isEqualTo(200);
    assertThat(discharged.json().path("resourceType").asText()).isEqualTo("Encounter");
    assertThat(discharged.headers().allValues("Warning")).singleElement().asString().contains("not started");
    assertThat(search(COMMUNITY_TASKS + plain[1])).hasSize(1);

    String[] inBundle = admit();
    Encounter finished = finished(inBundle[1]);
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + json(finished)
        + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + inBundle[1] + "\"}}]}";
    Http.Response response = Http.postJson(fhirBase(), bundle);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode outcome = response.json().path("entry").get(0).path("response").path("outcome");
    assertThat(warnings(outcome)).singleElement()
        .satisfies(w -> assertThat(w.path("diagnostics").asText()).contains("not started"));
    assertThat(search(COMMUNITY_TASKS + inBundle[1])).hasSize(1);
  }

  @Test
  void dischargeWithACompleteReviewHasNoWarningAndNoTask() {
    String[] admission = admit();
    assertThat(post(PhrFixtures.complete(admission[0], admission[1], "completed")).status()).isEqualTo(201);
    Http.Response discharged = discharge(admission[1], "return=OperationOutcome");
    assertThat(discharged.status()).as(discharged.body()).isEqualTo(200);
    assertThat(warnings(discharged.json())).isEmpty();
    assertThat(discharged.headers().allValues("Warning")).isEmpty();
    assertThat(search(COMMUNITY_TASKS + admission[1])).isEmpty();
  }

  // helpers

  String[] admit() {
    String ward = create(Fixtures.ward("PH" + UUID.randomUUID().toString().substring(0, 3), "PHR test ward"));
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Review"));
    return new String[] {patient, create(Fixtures.inpatientEncounter(patient, ward))};
  }

  Encounter finished(String encounterRef) {
    Encounter encounter = fhirContext.newJsonParser().parseResource(Encounter.class, read(encounterRef).toString());
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.getPeriod().setEnd(new Date());
    encounter.getMeta().setVersionId(null);
    return encounter;
  }

  Http.Response discharge(String encounterRef, String prefer) {
    String body = json(finished(encounterRef));
    return prefer == null ? Http.putJson(fhirBase() + "/" + encounterRef, body)
        : Http.putJson(fhirBase() + "/" + encounterRef, body, "Prefer", prefer);
  }

  static List<JsonNode> warnings(JsonNode outcome) {
    List<JsonNode> found = new ArrayList<>();
    outcome.path("issue").forEach(i -> {
      if ("warning".equals(i.path("severity").asText())) {
        found.add(i);
      }
    });
    return found;
  }

  String json(Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  Http.Response post(Resource resource) {
    return Http.postJson(fhirBase() + "/" + resource.fhirType(), json(resource));
  }

  String create(Resource resource) {
    Http.Response response = post(resource);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  JsonNode read(String ref) {
    Http.Response response = Http.get(fhirBase() + "/" + ref);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  List<JsonNode> search(String query) {
    Http.Response response = Http.get(fhirBase() + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    response.json().path("entry").forEach(e -> found.add(e.path("resource")));
    return found;
  }
}
