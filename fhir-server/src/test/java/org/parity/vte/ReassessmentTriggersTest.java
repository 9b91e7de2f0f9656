package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.Http;

/** Reassessment Tasks: created on admission, reasons added on change, completed by an assessment; over real HTTP. */
class ReassessmentTriggersTest extends VteServerTest {

  private List<JsonNode> openTasks(String encounter) {
    return search(OPEN_TASKS + encounter);
  }

  private static Instant due(JsonNode task) {
    return Instant.parse(java.time.OffsetDateTime.parse(task.path("restriction").path("period").path("end").asText())
        .toInstant().toString());
  }

  @Test
  void anAdmissionCreatesOneTaskDueWithin24Hours() {
    String[] admitted = admit("1980-01-01", 2);
    JsonNode encounter = read(admitted[1]);
    Instant start = java.time.OffsetDateTime.parse(encounter.path("period").path("start").asText()).toInstant();

    List<JsonNode> tasks = openTasks(admitted[1]);
    assertThat(tasks).hasSize(1);
    JsonNode task = tasks.get(0);
    assertThat(task.path("meta").path("profile").toString()).contains(VteFhirCodes.PROFILE_TASK);
    assertThat(task.path("intent").asText()).isEqualTo("order");
    assertThat(task.path("for").path("reference").asText()).isEqualTo(admitted[0]);
    assertThat(task.path("focus").path("reference").asText()).isEqualTo(admitted[1]);
    assertThat(task.path("businessStatus").path("text").asText()).isEqualTo("due");
    assertThat(codes(task.path("reasonCode"))).containsExactly("admission");
    assertThat(due(task)).isEqualTo(start.plus(Duration.ofHours(24)));
    // The way a ward list finds them.
    assertThat(search("/Task?code=https://parity-epr.org/fhir/CodeSystem/vte|vte-reassessment&status=requested&patient="
        + admitted[0])).hasSize(1);
  }

  @Test
  void aRestraintAddsItsReasonToTheOpenTaskInsteadOfASecond() {
    String[] admitted = admit("1980-01-01", 2);
    Instant dueOnAdmission = due(openTasks(admitted[1]).get(0));
    String restraint = create(Fixtures.restrictiveIntervention(admitted[0], admitted[1], "physical-restraint"));
    String antipsychotic = create(Fixtures.medicationStatement(admitted[0], "N05AH03", "Olanzapine 10 mg tablets"));

    List<JsonNode> tasks = openTasks(admitted[1]);
    assertThat(tasks).hasSize(1);
    assertThat(codes(tasks.get(0).path("reasonCode"))).containsExactly("admission", "restraint", "antipsychotic");
    List<String> inputs = new java.util.ArrayList<>();
    tasks.get(0).path("input").forEach(i -> inputs.add(i.path("valueReference").path("reference").asText()));
    assertThat(inputs).containsExactly(admitted[1], restraint, antipsychotic);
    // Admitted 2 h ago: due 22 h from now, sooner than now + 24 h, so it stays.
    assertThat(due(tasks.get(0))).isEqualTo(dueOnAdmission);
  }

  @Test
  void aCompletedAssessmentCompletesTheTaskAndALaterChangeOpensANewOne() {
    String[] admitted = admit("1980-01-01", 30);
    String task = "Task/" + openTasks(admitted[1]).get(0).path("id").asText();
    String response = create(Fixtures.vteResponse(admitted[0], admitted[1], "completed", "medical-reduced-mobility"));
    String assessment = "RiskAssessment/" + search("/RiskAssessment?basis=" + response).get(0).path("id").asText();

    JsonNode completed = read(task);
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(completed.path("businessStatus").path("text").asText()).isEqualTo("completed");
    assertThat(completed.path("output").get(0).path("valueReference").path("reference").asText()).isEqualTo(assessment);
    assertThat(openTasks(admitted[1])).isEmpty();

    Instant before = Instant.now();
    String mobility = create(Fixtures.reducedMobility(admitted[0], admitted[1]));
    List<JsonNode> reopened = openTasks(admitted[1]);
    assertThat(reopened).hasSize(1);
    assertThat(codes(reopened.get(0).path("reasonCode"))).containsExactly("reduced-mobility");
    assertThat(reopened.get(0).path("focus").path("reference").asText()).isEqualTo(mobility);
    // parity.vte.reassess-within, 24 h by default
    assertThat(due(reopened.get(0))).isBetween(before.plus(Duration.ofHours(24)).minusSeconds(2),
        Instant.now().plus(Duration.ofHours(24)).plusSeconds(2));
  }

  @Test
  void changesOutsideAnAdmissionAndNonAntipsychoticsCreateNoTask() {
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Outpatient"));
    create(Fixtures.medicationStatement(patient, "N05AH03", "Olanzapine 10 mg tablets"));
    assertThat(search("/Task?patient=" + patient)).isEmpty();

    String[] admitted = admit("1980-01-01", 30);
    String response = create(Fixtures.vteResponse(admitted[0], admitted[1], "completed", "surgical"));
    assertThat(response).isNotNull();
    create(Fixtures.medicationStatement(admitted[0], "N05AN01", "Lithium carbonate 400 mg"));
    assertThat(openTasks(admitted[1])).isEmpty();
  }

  @Test
  void anAdmissionAndARestraintInOneTransactionMakeOneTask() {
    String ward = create(Fixtures.ward("VX" + java.util.UUID.randomUUID().toString().substring(0, 3), "Tx ward"));
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Transaction"));
    String encounterUrl = "urn:uuid:" + java.util.UUID.randomUUID();
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + entry(encounterUrl, json(Fixtures.inpatientEncounter(patient, ward))) + ","
        + entry("urn:uuid:" + java.util.UUID.randomUUID(),
            json(Fixtures.restrictiveIntervention(patient, encounterUrl, "seclusion")))
        + "]}";
    Http.Response response = Http.postJson(fhirBase(), bundle);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> tasks = search("/Task?code=https://parity-epr.org/fhir/CodeSystem/vte|vte-reassessment&patient=" + patient);
    assertThat(tasks).hasSize(1);
    assertThat(codes(tasks.get(0).path("reasonCode"))).containsExactly("admission", "restraint");
  }
}
