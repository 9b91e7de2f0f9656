package org.parity.timers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;
import org.springframework.beans.factory.annotation.Autowired;

/** Deadline Tasks over real HTTP: opened on admission, moved on by a poll, completed by evidence, closed at discharge. */
class DeadlineServerTest extends H2ServerTest {

  static final String DEADLINE = "https://parity-epr.org/fhir/CodeSystem/deadline";

  @Autowired
  DeadlinePoller poller;

  String create(Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(),
        fhirContext.newJsonParser().encodeResourceToString(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  /** {patient, encounter, admission start} for a patient admitted {@code minutesAgo} to a new ward. */
  String[] admit(long minutesAgo) {
    String ward = create(Fixtures.ward("DL" + UUID.randomUUID().toString().substring(0, 3), "Deadline ward"));
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Deadline"));
    var admission = Fixtures.inpatientEncounter(patient, ward);
    Instant start = Instant.now().minus(Duration.ofMinutes(minutesAgo)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    admission.getPeriod().setStart(Date.from(start));
    return new String[] {patient, create(admission), start.toString()};
  }

  List<JsonNode> search(String query) {
    Http.Response response = Http.get(fhirBase() + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    response.json().path("entry").forEach(e -> found.add(e.path("resource")));
    return found;
  }

  /** The admission's deadline Tasks by rule (the VTE Task by its own code). */
  Map<String, JsonNode> tasks(String encounter) {
    Map<String, JsonNode> byRule = new TreeMap<>();
    for (JsonNode task : search("/Task?encounter=" + encounter)) {
      byRule.put(task.path("code").path("coding").get(0).path("code").asText() + "/" + task.path("status").asText(), task);
    }
    return byRule;
  }

  static Instant due(JsonNode task) {
    return OffsetDateTime.parse(task.path("restriction").path("period").path("end").asText()).toInstant();
  }

  static String stage(JsonNode task) {
    for (JsonNode c : task.path("businessStatus").path("coding")) {
      return c.path("code").asText();
    }
    return task.path("businessStatus").path("text").asText();
  }

  List<JsonNode> activeFlags(String patient) {
    return search("/Flag?patient=" + patient + "&code=" + DEADLINE + "|deadline-overdue").stream()
        .filter(f -> f.path("status").asText().equals("active")).toList();
  }

  @Test
  void anAdmissionOpensTheRulesOfThePlanDefinitionWithoutASecondVteTask() {
    String[] admitted = admit(10);
    Instant start = Instant.parse(admitted[2]);
    Map<String, JsonNode> tasks = tasks(admitted[1]);
    assertThat(tasks.keySet()).containsExactly("must-weekly/requested", "news2-observations/requested",
        "phr-completed/requested", "phr-started/requested", "vte-reassessment/requested", "weight-weekly/requested");
    JsonNode started = tasks.get("phr-started/requested");
    assertThat(started.path("meta").path("profile").toString()).contains("parity-deadline-task");
    assertThat(started.path("instantiatesUri").asText())
        .isEqualTo("https://parity-epr.org/fhir/PlanDefinition/parity-inpatient-deadlines#phr-started");
    assertThat(started.path("for").path("reference").asText()).isEqualTo(admitted[0]);
    assertThat(stage(started)).isEqualTo("due");
    assertThat(due(started)).isEqualTo(start.plus(Duration.ofHours(4)));
    assertThat(due(tasks.get("phr-completed/requested"))).isEqualTo(start.plus(Duration.ofDays(7)));
    assertThat(due(tasks.get("news2-observations/requested"))).isEqualTo(start.plus(Duration.ofHours(1)));
    assertThat(due(tasks.get("weight-weekly/requested"))).isEqualTo(start.plus(Duration.ofDays(7)));
    // Task?due (the package's SearchParameter) finds the deadlines due within 4 hours.
    String by = start.plus(Duration.ofHours(4)).toString();
    assertThat(search("/Task?encounter=" + admitted[1] + "&due=le" + by + "&status=requested"))
        .extracting(t -> t.path("code").path("coding").get(0).path("code").asText())
        .containsExactlyInAnyOrder("phr-started", "news2-observations");
  }

  @Test
  void aPollMovesEachDeadlineOnceAndOverdueRaisesOneFlag() {
    String[] admitted = admit(3 * 60 + 30); // 3 h 30 min ago: phr-started due soon, news2 overdue
    poller.poll();
    Map<String, JsonNode> tasks = tasks(admitted[1]);
    assertThat(stage(tasks.get("phr-started/requested"))).isEqualTo("due-soon");
    assertThat(stage(tasks.get("news2-observations/requested"))).isEqualTo("overdue");
    assertThat(stage(tasks.get("weight-weekly/requested"))).isEqualTo("due");
    assertThat(stage(tasks.get("vte-reassessment/requested"))).isEqualTo("due");
    List<JsonNode> flags = activeFlags(admitted[0]);
    assertThat(flags).hasSize(1);
    String news2Task = "Task/" + tasks.get("news2-observations/requested").path("id").asText();
    assertThat(flags.get(0).path("code").path("text").asText()).contains("NEWS2 observations").contains(news2Task);
    assertThat(flags.get(0).path("encounter").path("reference").asText()).isEqualTo(admitted[1]);
    assertThat(flags.get(0).path("extension").get(0).path("valueReference").path("reference").asText())
        .isEqualTo(news2Task);
    String version = tasks.get("news2-observations/requested").path("meta").path("versionId").asText();

    poller.poll();
    assertThat(activeFlags(admitted[0])).hasSize(1);
    assertThat(tasks(admitted[1]).get("news2-observations/requested").path("meta").path("versionId").asText())
        .isEqualTo(version);
  }

  @Test
  void aWeightCompletesTheWeeklyDeadlineWithItAndOpensTheNextAWeekLater() {
    String[] admitted = admit(60);
    var weight = Fixtures.bodyMeasure(admitted[0], true, 71.5);
    weight.setEncounter(new org.hl7.fhir.r4.model.Reference(admitted[1]));
    String weighed = create(weight);
    // Stored at the precision sent: seconds.
    Instant at = weight.getEffectiveDateTimeType().getValue().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    Map<String, JsonNode> tasks = tasks(admitted[1]);
    JsonNode done = tasks.get("weight-weekly/completed");
    assertThat(stage(done)).isEqualTo("completed");
    assertThat(done.path("output").get(0).path("valueReference").path("reference").asText()).isEqualTo(weighed);
    JsonNode next = tasks.get("weight-weekly/requested");
    assertThat(due(next)).isEqualTo(at.plus(Duration.ofDays(7)));
    assertThat(tasks.get("must-weekly/requested")).isNotNull();
  }

  @Test
  void completingAnOverdueTaskClosesItsFlag() {
    String[] admitted = admit(2 * 60);
    poller.poll();
    assertThat(activeFlags(admitted[0])).hasSize(1);
    // As the NEWS2 derivation does: complete the news2 deadline with the score.
    JsonNode task = tasks(admitted[1]).get("news2-observations/requested");
    var parsed = fhirContext.newJsonParser().parseResource(org.hl7.fhir.r4.model.Task.class, task.toString());
    parsed.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED);
    DeadlineTasks.stage(parsed, Stage.COMPLETED);
    parsed.addOutput().setType(new org.hl7.fhir.r4.model.CodeableConcept(
        new org.hl7.fhir.r4.model.Coding(DEADLINE, "news2-observations", null)))
        .setValue(new org.hl7.fhir.r4.model.Reference(admitted[1]));
    Http.Response updated = Http.putJson(fhirBase() + "/Task/" + parsed.getIdElement().getIdPart(),
        fhirContext.newJsonParser().encodeResourceToString(parsed));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(activeFlags(admitted[0])).isEmpty();
  }

  @Test
  void dischargeMakesTheOpenReviewOverdueAtDischargeAndTheRestNotApplicable() {
    String[] admitted = admit(60);
    JsonNode encounter = Http.get(fhirBase() + "/" + admitted[1]).json();
    Instant out = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    var finished = fhirContext.newJsonParser().parseResource(org.hl7.fhir.r4.model.Encounter.class, encounter.toString());
    finished.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
    finished.getPeriod().setEnd(Date.from(out));
    Http.Response response = Http.putJson(fhirBase() + "/" + admitted[1],
        fhirContext.newJsonParser().encodeResourceToString(finished));
    assertThat(response.status()).as(response.body()).isEqualTo(200);

    Map<String, JsonNode> tasks = tasks(admitted[1]);
    JsonNode review = tasks.get("phr-completed/requested");
    assertThat(stage(review)).isEqualTo("overdue");
    assertThat(due(review)).isEqualTo(out);
    assertThat(activeFlags(admitted[0])).hasSize(1);
    JsonNode weight = tasks.get("weight-weekly/cancelled");
    assertThat(stage(weight)).isEqualTo("not-applicable");
    assertThat(weight.path("statusReason").path("text").asText()).isEqualTo("discharged");
    assertThat(tasks.keySet()).contains("phr-started/cancelled", "news2-observations/cancelled",
        "must-weekly/cancelled", "vte-reassessment/cancelled");
  }
}
