package org.parity.news2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/** NEWS2 derived over real HTTP: a vital-sign set in a transaction becomes a score, a Flag and the next-due Task. */
class News2DerivationTest extends H2ServerTest {

  private static final String NEWS2_TOTAL = "/Observation?code=http://snomed.info/sct|1104051000000101&subject=";

  private String create(Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(),
        fhirContext.newJsonParser().encodeResourceToString(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  private String[] admit() {
    String ward = create(Fixtures.ward("NW" + UUID.randomUUID().toString().substring(0, 3), "NEWS2 test ward"));
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "News"));
    return new String[] {patient, create(Fixtures.inpatientEncounter(patient, ward))};
  }

  private List<JsonNode> search(String query) {
    Http.Response response = Http.get(fhirBase() + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    response.json().path("entry").forEach(e -> found.add(e.path("resource")));
    return found;
  }

  private static String quantity(String patient, String encounter, OffsetDateTime at, String loinc, String snomed,
      String display, String value, String unit) {
    return """
        {"resourceType":"Observation","status":"final",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
         "code":{"coding":[{"system":"http://loinc.org","code":"%s","display":"%s"},
                           {"system":"http://snomed.info/sct","code":"%s"}]},
         "subject":{"reference":"%s"},"encounter":{"reference":"%s"},"effectiveDateTime":"%s",
         "valueQuantity":{"value":%s,"system":"http://unitsofmeasure.org","code":"%s"}}"""
        .formatted(loinc, display, snomed, patient, encounter, at, value, unit);
  }

  private static String coded(String patient, String encounter, OffsetDateTime at, String code, String value) {
    String valuePart = value == null ? "" : ",\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
        + "\"code\":\"" + value + "\"}]}";
    return """
        {"resourceType":"Observation","status":"final",
         "code":{"coding":[{"system":"http://snomed.info/sct","code":"%s"}]},
         "subject":{"reference":"%s"},"encounter":{"reference":"%s"},"effectiveDateTime":"%s"%s}"""
        .formatted(code, patient, encounter, at, valuePart);
  }

  /** A full set: respiration, SpO2, air (or oxygen), systolic (in a BP panel), pulse, ACVPU, temperature. */
  private static List<String> set(String patient, String encounter, OffsetDateTime at, String rr, String spo2,
      boolean oxygen, String systolic, String pulse, String acvpu, String temp) {
    List<String> set = new ArrayList<>();
    set.add(quantity(patient, encounter, at, "9279-1", "86290005", "Respiratory rate", rr, "/min"));
    set.add(quantity(patient, encounter, at, "2708-6", "103228002", "Oxygen saturation", spo2, "%"));
    set.add(coded(patient, encounter, at, oxygen ? "371825009" : "722742002", null));
    set.add("""
        {"resourceType":"Observation","status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},
         "subject":{"reference":"%s"},"encounter":{"reference":"%s"},"effectiveDateTime":"%s",
         "component":[
           {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
            "valueQuantity":{"value":%s,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
           {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},
            "valueQuantity":{"value":70,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}"""
        .formatted(patient, encounter, at.plusMinutes(2), systolic));
    set.add(quantity(patient, encounter, at.plusMinutes(1), "8867-4", "364075005", "Heart rate", pulse, "/min"));
    set.add(coded(patient, encounter, at, "1104441000000107", acvpu));
    set.add(quantity(patient, encounter, at.plusMinutes(3), "8310-5", "276885007", "Body temperature", temp, "Cel"));
    return set;
  }

  private Http.Response transaction(List<String> resources) {
    StringBuilder body = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int i = 0; i < resources.size(); i++) {
      body.append(i == 0 ? "" : ",").append("{\"fullUrl\":\"urn:uuid:").append(UUID.randomUUID())
          .append("\",\"resource\":").append(resources.get(i))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
    }
    return Http.postJson(fhirBase(), body.append("]}").toString());
  }

  private static OffsetDateTime recently() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusMinutes(30);
  }

  private static int component(JsonNode obs, String code) {
    for (JsonNode c : obs.path("component")) {
      if (code.equals(c.path("code").path("coding").path(0).path("code").asText())) {
        return c.path("valueQuantity").path("value").asInt();
      }
    }
    throw new AssertionError("no component " + code + " in " + obs);
  }

  private List<JsonNode> openNews2Tasks(String encounter) {
    return search("/Task?code=https://parity-epr.org/fhir/CodeSystem/deadline|news2-observations&status=requested"
        + "&encounter=" + encounter);
  }

  @Test
  void aCompleteSetInATransactionIsScoredWithComponentsResponseAndTheNextSetDue() {
    String[] admitted = admit();
    String patient = admitted[0];
    String encounter = admitted[1];
    // The open deadline Task the timers feature made at admission (written here as a client would).
    Http.Response first = Http.postJson(fhirBase() + "/Task", """
        {"resourceType":"Task","status":"requested","intent":"order",
         "code":{"coding":[{"system":"https://parity-epr.org/fhir/CodeSystem/deadline","code":"news2-observations"}]},
         "for":{"reference":"%s"},"encounter":{"reference":"%s"},
         "restriction":{"period":{"end":"%s"}}}""".formatted(patient, encounter, recently().plusMinutes(30)));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    String firstTask = "Task/" + first.json().path("id").asText();

    OffsetDateTime at = recently();
    // RR 22 (2), SpO2 95 (1), air (0), systolic 120 (0), pulse 95 (1), alert (0), 37.0 (0): total 4
    Http.Response stored = transaction(set(patient, encounter, at, "22", "95", false, "120", "95", "248234008", "37.0"));
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);

    List<JsonNode> scores = search(NEWS2_TOTAL + patient);
    assertThat(scores).hasSize(1);
    JsonNode score = scores.get(0);
    assertThat(score.path("status").asText()).isEqualTo("final");
    assertThat(score.path("category").path(0).path("coding").path(0).path("code").asText()).isEqualTo("survey");
    assertThat(score.path("valueQuantity").path("value").asInt()).isEqualTo(4);
    assertThat(score.path("valueQuantity").path("code").asText()).isEqualTo("{ScoreOf}");
    assertThat(OffsetDateTime.parse(score.path("effectiveDateTime").asText())).isEqualTo(at);
    assertThat(score.path("encounter").path("reference").asText()).isEqualTo(encounter);
    assertThat(component(score, "1104301000000104")).as("respiration").isEqualTo(2);
    assertThat(component(score, "1104311000000102")).as("SpO2 scale 1").isEqualTo(1);
    assertThat(component(score, "1104331000000105")).as("air or oxygen").isZero();
    assertThat(component(score, "1104341000000101")).as("systolic").isZero();
    assertThat(component(score, "1104351000000103")).as("pulse").isEqualTo(1);
    assertThat(component(score, "1104361000000100")).as("consciousness").isZero();
    assertThat(component(score, "1104371000000107")).as("temperature").isZero();
    assertThat(score.path("derivedFrom")).hasSize(7);
    List<String> stored7 = new ArrayList<>();
    stored.json().path("entry").forEach(e -> stored7.add(e.path("response").path("location").asText()
        .replaceAll("/_history/.*", "")));
    List<String> derivedFrom = new ArrayList<>();
    score.path("derivedFrom").forEach(d -> derivedFrom.add(d.path("reference").asText()));
    assertThat(derivedFrom).containsExactlyInAnyOrderElementsOf(stored7);
    assertThat(score.path("interpretation").path(0).path("coding").path(0).path("code").asText())
        .isEqualTo("ward-assessment");
    assertThat(score.path("interpretation").path(0).path("text").asText()).contains("Inform the registered nurse");
    assertThat(score.path("note").path(0).path("text").asText()).contains("Minimum 4–6-hourly");

    // The open Task is completed by the score, and the next is due 4 hours after the set (Chart 4, total 1-4).
    JsonNode completed = Http.get(fhirBase() + "/" + firstTask).json();
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(completed.path("output").path(0).path("valueReference").path("reference").asText())
        .isEqualTo("Observation/" + score.path("id").asText());
    List<JsonNode> open = openNews2Tasks(encounter);
    assertThat(open).hasSize(1);
    assertThat(OffsetDateTime.parse(open.get(0).path("restriction").path("period").path("end").asText()).toInstant())
        .isEqualTo(at.plusHours(4).toInstant());
    assertThat(open.get(0).path("instantiatesUri").asText())
        .isEqualTo("https://parity-epr.org/fhir/PlanDefinition/parity-inpatient-deadlines#news2-observations");
    assertThat(open.get(0).path("businessStatus").path("coding").path(0).path("code").asText()).isEqualTo("due");
    assertThat(search("/Flag?patient=" + patient)).isEmpty();
  }

  /**
   * Sets charted at once for one patient each complete the same open NEWS2 Task. HAPI fails all but one with a version
   * conflict on that Task, which the client never named: the server must run them again (RetryServerConflicts), not
   * answer 409 and drop a nurse's observations. Seen first when the deadline poller touched the Task mid-charting.
   */
  @Test
  void setsChartedAtOnceForOnePatientAreAllStoredAndLeaveOneOpenTask() throws Exception {
    String[] admitted = admit();
    String patient = admitted[0];
    String encounter = admitted[1];
    int sets = 4;
    java.util.concurrent.ExecutorService nurses = java.util.concurrent.Executors.newFixedThreadPool(sets);
    try {
      List<java.util.concurrent.Future<Http.Response>> answers = new ArrayList<>();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < sets; i++) {
        OffsetDateTime at = recently().minusMinutes(20L * i);
        answers.add(nurses.submit(() -> {
          start.await();
          return transaction(set(patient, encounter, at, "16", "97", false, "120", "70", "248234008", "37.0"));
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<Http.Response> answer : answers) {
        Http.Response r = answer.get();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
    } finally {
      nurses.shutdownNow();
    }
    assertThat(search(NEWS2_TOTAL + patient)).hasSize(sets);
    assertThat(openNews2Tasks(encounter)).hasSize(1);
  }

  @Test
  void anEscalatingSetRaisesOneFlagAndALaterNormalSetClosesIt() {
    String[] admitted = admit();
    String patient = admitted[0];
    String encounter = admitted[1];
    OffsetDateTime at = recently().minusHours(2);
    // New confusion alone: 3 in a single parameter (total 3), an urgent ward-based response.
    assertThat(transaction(set(patient, encounter, at, "16", "97", false, "120", "70", "130987000", "37.0")).status())
        .isEqualTo(200);
    List<JsonNode> flags = search("/Flag?patient=" + patient);
    assertThat(flags).hasSize(1);
    assertThat(flags.get(0).path("status").asText()).isEqualTo("active");
    assertThat(flags.get(0).path("code").path("coding").path(0).path("code").asText()).isEqualTo("news2-escalation");
    assertThat(flags.get(0).path("code").path("text").asText()).startsWith("NEWS2 3");
    assertThat(flags.get(0).path("encounter").path("reference").asText()).isEqualTo(encounter);
    assertThat(OffsetDateTime.parse(openNews2Tasks(encounter).get(0).path("restriction").path("period").path("end")
        .asText()).toInstant()).isEqualTo(at.plusHours(1).toInstant());

    // Worse an hour later, total 8 (emergency): the same Flag, brought up to date; next due in 30 minutes.
    OffsetDateTime later = at.plusHours(1);
    assertThat(transaction(set(patient, encounter, later, "26", "93", true, "120", "70", "248234008", "37.0"))
        .status()).isEqualTo(200);
    flags = search("/Flag?patient=" + patient);
    assertThat(flags).hasSize(1);
    assertThat(flags.get(0).path("code").path("text").asText()).startsWith("NEWS2 7").contains("emergency");
    List<JsonNode> open = openNews2Tasks(encounter);
    assertThat(open).hasSize(1);
    assertThat(OffsetDateTime.parse(open.get(0).path("restriction").path("period").path("end").asText()).toInstant())
        .isEqualTo(later.plusMinutes(30).toInstant());

    // Normal again: the Flag is closed.
    OffsetDateTime normal = later.plusMinutes(30);
    assertThat(transaction(set(patient, encounter, normal, "16", "97", false, "120", "70", "248234008", "37.0"))
        .status()).isEqualTo(200);
    flags = search("/Flag?patient=" + patient);
    assertThat(flags).hasSize(1);
    assertThat(flags.get(0).path("status").asText()).isEqualTo("inactive");
    assertThat(OffsetDateTime.parse(flags.get(0).path("period").path("end").asText()).toInstant())
        .isEqualTo(normal.toInstant());
    assertThat(search(NEWS2_TOTAL + patient)).hasSize(3);
  }

  @Test
  void anIncompleteSetIsStoredWithoutAScoreAndSaysWhatIsMissing() {
    String[] admitted = admit();
    String patient = admitted[0];
    String encounter = admitted[1];
    List<String> set = set(patient, encounter, recently(), "16", "97", false, "120", "70", "248234008", "37.0");
    set.remove(6); // temperature
    set.remove(4); // pulse
    assertThat(transaction(set).status()).isEqualTo(200);
    List<JsonNode> scores = search(NEWS2_TOTAL + patient);
    assertThat(scores).hasSize(1);
    assertThat(scores.get(0).has("valueQuantity")).isFalse();
    assertThat(scores.get(0).has("component")).isFalse();
    assertThat(scores.get(0).path("dataAbsentReason").path("text").asText())
        .isEqualTo("Incomplete NEWS2 set, no score. Not charted: pulse, temperature.");
    assertThat(scores.get(0).path("note").path(0).path("text").asText()).contains("pulse, temperature");
    assertThat(scores.get(0).path("derivedFrom")).hasSize(5);
    // The admission opened the first observations deadline (timers); an incomplete set neither completes nor replaces it.
    List<JsonNode> open = openNews2Tasks(encounter);
    assertThat(open).as("an incomplete set does not discharge the observations due").hasSize(1);
    assertThat(open.get(0).path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(open.get(0).has("output")).isFalse();
  }

  @Test
  void scale2OnlyWithAPrescribedTargetGoal() {
    String[] withGoal = admit();
    String[] without = admit();
    Http.Response goal = Http.postJson(fhirBase() + "/Goal", """
        {"resourceType":"Goal","lifecycleStatus":"active",
         "description":{"text":"SpO2 88-92%% (hypercapnic respiratory failure)"},
         "subject":{"reference":"%s"},"expressedBy":{"reference":"Practitioner/demo-doctor-ali"},
         "target":[{"measure":{"coding":[{"system":"http://loinc.org","code":"2708-6"}]},
           "detailRange":{"low":{"value":88,"unit":"%%","system":"http://unitsofmeasure.org","code":"%%"},
                          "high":{"value":92,"unit":"%%","system":"http://unitsofmeasure.org","code":"%%"}}}]}"""
        .formatted(withGoal[0]));
    assertThat(goal.status()).as(goal.body()).isEqualTo(201);
    for (String[] admitted : List.of(withGoal, without)) {
      assertThat(transaction(set(admitted[0], admitted[1], recently(), "16", "90", false, "120", "70", "248234008",
          "37.0")).status()).isEqualTo(200);
    }
    JsonNode scale2 = search(NEWS2_TOTAL + withGoal[0]).get(0);
    assertThat(component(scale2, "1104321000000108")).as("SpO2 scale 2, 90% on air").isZero();
    assertThat(scale2.path("valueQuantity").path("value").asInt()).isZero();
    JsonNode scale1 = search(NEWS2_TOTAL + without[0]).get(0);
    assertThat(component(scale1, "1104311000000102")).as("SpO2 scale 1, 90%").isEqualTo(3);
    assertThat(search("/Flag?patient=" + without[0])).hasSize(1);
    assertThat(search("/Flag?patient=" + withGoal[0])).isEmpty();
  }

  @Test
  void aVitalSignInAnotherUnitIsRefusedNamingTheElement() {
    String[] admitted = admit();
    Http.Response refused = Http.postJson(fhirBase() + "/Observation", quantity(admitted[0], admitted[1], recently(),
        "8310-5", "276885007", "Body temperature", "98.6", "[degF]"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("Observation.value.ofType(Quantity).code").contains("Cel");
    assertThat(search(NEWS2_TOTAL + admitted[0])).isEmpty();
  }

  /** The stored readings of a transaction's answer, in the order posted. */
  private static List<String> locations(Http.Response stored) {
    List<String> refs = new ArrayList<>();
    stored.json().path("entry").forEach(e -> refs.add(e.path("response").path("location").asText()
        .replaceAll("/_history/.*", "")));
    return refs;
  }

  /** Reads a stored resource, changes it as a client would, and PUTs it back. */
  private Http.Response correct(String ref, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
    com.fasterxml.jackson.databind.node.ObjectNode reading =
        (com.fasterxml.jackson.databind.node.ObjectNode) Http.get(fhirBase() + "/" + ref).json();
    change.accept(reading);
    return Http.putJson(fhirBase() + "/" + ref, reading.toString());
  }

  private static Instant due(JsonNode task) {
    return OffsetDateTime.parse(task.path("restriction").path("period").path("end").asText()).toInstant();
  }

  @Test
  void aCorrectedReadingIsScoredAgainAndTheFlagAndNextDueTimeFollow() {
    String[] admitted = admit();
    String patient = admitted[0];
    String encounter = admitted[1];
    OffsetDateTime at = recently();
    // Every parameter normal: total 0.
    Http.Response stored = transaction(set(patient, encounter, at, "16", "97", false, "120", "70", "248234008", "37.0"));
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    String respiration = locations(stored).get(0);
    JsonNode score = search(NEWS2_TOTAL + patient).get(0);
    String scoreRef = "Observation/" + score.path("id").asText();
    assertThat(score.path("valueQuantity").path("value").asInt()).isZero();
    Instant dueBefore = due(openNews2Tasks(encounter).get(0));

    // The respiration rate was 26, not 16: 3 in a single parameter.
    Http.Response fixed = correct(respiration, r -> ((com.fasterxml.jackson.databind.node.ObjectNode)
        r.path("valueQuantity")).put("value", 26));
    assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
    List<JsonNode> scores = search(NEWS2_TOTAL + patient);
    assertThat(scores).hasSize(1);
    JsonNode rescored = scores.get(0);
    assertThat("Observation/" + rescored.path("id").asText()).isEqualTo(scoreRef);
    assertThat(rescored.path("status").asText()).isEqualTo("amended");
    assertThat(rescored.path("valueQuantity").path("value").asInt()).isEqualTo(3);
    assertThat(component(rescored, "1104301000000104")).as("respiration").isEqualTo(3);
    assertThat(rescored.toString()).contains("Previously: NEWS2 0");
    List<JsonNode> flags = search("/Flag?patient=" + patient);
    assertThat(flags).hasSize(1);
    assertThat(flags.get(0).path("status").asText()).isEqualTo("active");
    assertThat(flags.get(0).path("code").path("text").asText()).startsWith("NEWS2 3");
    List<JsonNode> open = openNews2Tasks(encounter);
    assertThat(open).hasSize(1);
    assertThat(due(open.get(0))).isEqualTo(at.plusHours(1).toInstant());

    // Corrected back: the score, the Flag and the due time return.
    assertThat(correct(respiration, r -> ((com.fasterxml.jackson.databind.node.ObjectNode)
        r.path("valueQuantity")).put("value", 16)).status()).isEqualTo(200);
    assertThat(search(NEWS2_TOTAL + patient).get(0).path("valueQuantity").path("value").asInt()).isZero();
    assertThat(search("/Flag?patient=" + patient).get(0).path("status").asText()).isEqualTo("inactive");
    assertThat(openNews2Tasks(encounter)).singleElement().satisfies(t -> assertThat(due(t)).isEqualTo(dueBefore));
  }

  @Test
  void aReadingEnteredInErrorLeavesItsSetWithoutAScoreAndAChangeNews2DoesNotReadChangesNothing() {
    String[] admitted = admit();
    String patient = admitted[0];
    String encounter = admitted[1];
    OffsetDateTime at = recently();
    Http.Response stored = transaction(set(patient, encounter, at, "22", "95", false, "120", "95", "248234008", "37.0"));
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    String spo2 = locations(stored).get(1);
    String pulse = locations(stored).get(4);
    Instant dueBefore = due(openNews2Tasks(encounter).get(0));

    // A note on a reading changes nothing NEWS2 reads: the score is not touched.
    assertThat(correct(pulse, r -> r.putArray("note").addObject().put("text", "Manual count")).status())
        .isEqualTo(200);
    JsonNode score = search(NEWS2_TOTAL + patient).get(0);
    assertThat(score.path("meta").path("versionId").asText()).isEqualTo("1");

    assertThat(correct(spo2, r -> {
      r.put("status", "entered-in-error");
      r.putArray("note").addObject().put("text", "Probe on the wrong patient");
    }).status()).isEqualTo(200);
    JsonNode rescored = search(NEWS2_TOTAL + patient).get(0);
    assertThat(rescored.path("status").asText()).isEqualTo("amended");
    assertThat(rescored.has("valueQuantity")).isFalse();
    assertThat(rescored.path("dataAbsentReason").path("text").asText()).containsIgnoringCase("SpO2");
    assertThat(rescored.toString()).contains("Previously: NEWS2 4");
    // The observations stay due as they were: the next set charted scores again.
    assertThat(openNews2Tasks(encounter)).singleElement().satisfies(t -> assertThat(due(t)).isEqualTo(dueBefore));
  }
}
