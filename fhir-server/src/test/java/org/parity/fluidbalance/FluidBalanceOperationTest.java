package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/** {@code $fluid-balance}, {@code $must} and the chart-entry rules over real HTTP. */
class FluidBalanceOperationTest extends H2ServerTest {

  static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  String patient;
  String encounter;
  LocalDate yesterday;
  ZonedDateTime dayStart;

  @BeforeEach
  void admit() {
    String ward = Http.postJson(fhirBase() + "/Location", json(Fixtures.ward("FB" + UUID.randomUUID().toString().substring(0, 3), "Fluids ward")))
        .json().path("id").asText();
    patient = "Patient/" + Http.postJson(fhirBase() + "/Patient", json(Fixtures.patient(Fixtures.nhsNumber(), "Fluids")))
        .json().path("id").asText();
    var admission = Fixtures.inpatientEncounter(patient, "Location/" + ward);
    admission.getPeriod().setStart(java.util.Date.from(Instant.now().minusSeconds(3 * 24 * 3600)));
    encounter = "Encounter/" + Http.postJson(fhirBase() + "/Encounter", json(admission)).json().path("id").asText();
    // Yesterday's chart day is wholly in the past, so every entry in it is allowed and totals are fixed.
    yesterday = ChartDays.chartDayOf(Instant.now(), ChartSettings.defaults()).minusDays(1);
    dayStart = ChartDays.start(yesterday, ChartSettings.defaults());
  }

  private String json(org.hl7.fhir.r4.model.Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  private String entryBase(String code, String profile, ZonedDateTime at) {
    return "\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"" + profile + "\"]},"
        + "\"identifier\":[{\"system\":\"urn:ietf:rfc:3986\",\"value\":\"urn:uuid:" + UUID.randomUUID() + "\"}],"
        + "\"status\":\"final\","
        + "\"category\":[{\"coding\":[{\"system\":\"" + ChartCodes.CATEGORY + "\",\"code\":\""
        + (code.equals("food-intake") ? "nutrition" : "fluid-balance") + "\"}]}],"
        + "\"code\":{\"coding\":[{\"system\":\"" + ChartCodes.OBSERVATION + "\",\"code\":\"" + code + "\"}]},"
        + "\"subject\":{\"reference\":\"" + patient + "\"},\"encounter\":{\"reference\":\"" + encounter + "\"},"
        + "\"effectiveDateTime\":\"" + ISO.format(at) + "\",\"performer\":[{\"display\":\"Ward nurse\"}]";
  }

  String intake(double ml, String unit, ZonedDateTime at) {
    return "{" + entryBase("fluid-intake", ChartCodes.PROFILE_INTAKE, at)
        + ",\"valueQuantity\":{\"value\":" + ml + ",\"unit\":\"" + unit + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"},"
        + "\"component\":[{\"code\":{\"coding\":[{\"system\":\"" + ChartCodes.OBSERVATION + "\",\"code\":\"route\"}]},"
        + "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"https://parity-epr.org/fhir/CodeSystem/fluid-intake-route\",\"code\":\"oral\"}]}}]}";
  }

  String urine(Double ml, ZonedDateTime at) {
    String value = ml == null
        ? "\"dataAbsentReason\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/data-absent-reason\",\"code\":\"not-performed\"}]},"
        : "\"valueQuantity\":{\"value\":" + ml + ",\"unit\":\"mL\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mL\"},";
    String unmeasured = ml == null
        ? ",{\"code\":{\"coding\":[{\"system\":\"" + ChartCodes.OBSERVATION + "\",\"code\":\"unmeasured-episode\"}]},"
          + "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"https://parity-epr.org/fhir/CodeSystem/unmeasured-output\",\"code\":\"passed-not-measured\"}]}}"
        : "";
    return "{" + entryBase("fluid-output", ChartCodes.PROFILE_OUTPUT, at) + "," + value
        + "\"component\":[{\"code\":{\"coding\":[{\"system\":\"" + ChartCodes.OBSERVATION + "\",\"code\":\"output-type\"}]},"
        + "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"https://parity-epr.org/fhir/CodeSystem/fluid-output-type\",\"code\":\"urine\"}]}}"
        + unmeasured + "]}";
  }

  private String chart(String body) {
    Http.Response response = Http.postJson(fhirBase() + "/Observation", body);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().path("id").asText();
  }

  private JsonNode day(String path) {
    Http.Response response = Http.get(fhirBase() + "/" + path + "/$fluid-balance?date=" + yesterday);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    for (JsonNode p : response.json().path("parameter")) {
      if (p.path("name").asText().equals("day")) {
        return p;
      }
    }
    throw new AssertionError("no day in " + response.body());
  }

  static JsonNode part(JsonNode parent, String name) {
    for (JsonNode p : parent.path("part")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    return null;
  }

  static double ml(JsonNode parent, String name) {
    return part(parent, name).path("valueQuantity").path("value").asDouble();
  }

  @Test
  void totalsExcludeEnteredInErrorAndCountUnmeasuredOutputs() {
    chart(intake(200, "mL", dayStart.plusHours(1)));
    chart(intake(300, "mL", dayStart.plusHours(5).plusMinutes(30)));
    String mistake = chart(intake(1000, "mL", dayStart.plusHours(6)));
    chart(urine(150.0, dayStart.plusHours(3)));
    chart(urine(null, dayStart.plusHours(8)));

    // Correct the mistake: entered-in-error needs a reason.
    Http.Response read = Http.get(fhirBase() + "/Observation/" + mistake);
    String marked = read.body().replace("\"status\":\"final\"", "\"status\":\"entered-in-error\"");
    Http.Response noReason = put("Observation/" + mistake, marked);
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.issues()).contains("Observation.note");
    String withReason = marked.substring(0, marked.lastIndexOf('}')) + ",\"note\":[{\"text\":\"Wrong patient's jug\"}]}";
    assertThat(put("Observation/" + mistake, withReason).status()).isEqualTo(200);

    JsonNode day = day(patient);
    assertThat(ml(day, "intake")).isEqualTo(500);
    assertThat(ml(day, "output")).isEqualTo(150);
    assertThat(ml(day, "balance")).isEqualTo(350);
    assertThat(part(day, "unmeasuredOutputs").path("valueInteger").asInt()).isEqualTo(1);
    int hours = part(day, "hours").path("valueInteger").asInt();
    assertThat(day.path("part").findValues("name").stream().filter(n -> n.asText().equals("hour")).count())
        .isEqualTo(hours);
    assertThat(day.toString()).contains("incomplete-balance");
    // A trend request can leave the hourly rows out; the day's figures are the same.
    Http.Response trend = Http.get(fhirBase() + "/" + patient + "/$fluid-balance?date=" + yesterday + "&hours=false");
    assertThat(trend.body()).doesNotContain("\"hour\"").contains("\"intake\"");

    // The same totals through the admission, and the corrected entry still in history.
    JsonNode byEncounter = day(encounter);
    assertThat(ml(byEncounter, "intake")).isEqualTo(500);
    assertThat(Http.get(fhirBase() + "/Observation/" + mistake + "/_history").json().path("total").asInt()).isEqualTo(2);
  }

  @Test
  void aBusyDayIsCountedInFull() {
    // More entries than HAPI loads in one synchronous page: every one must still count.
    // Two batches, each under the test profile's 256 KB body limit.
    for (int half = 0; half < 2; half++) {
      StringBuilder batch = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
      for (int i = 0; i < 140; i++) {
        int minute = (half * 140 + i) * 4;
        batch.append(i == 0 ? "" : ",").append("{\"resource\":").append(intake(10, "mL", dayStart.plusMinutes(minute)))
            .append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
      }
      Http.Response response = Http.postJson(fhirBase(), batch.append("]}").toString());
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).doesNotContain("\"422");
    }
    assertThat(ml(day(patient), "intake")).isEqualTo(2800);
  }

  @Test
  void retriedSaveWithTheSameIdentifierIsStoredOnce() {
    String body = intake(250, "mL", dayStart.plusHours(2));
    String identifier = body.replaceAll(".*\"value\":\"(urn:uuid:[^\"]+)\".*", "$1");
    for (int i = 0; i < 3; i++) {
      Http.Response response = Http.postJson(fhirBase() + "/Observation", body,
          "If-None-Exist", "identifier=urn:ietf:rfc:3986|" + identifier);
      assertThat(response.status()).isIn(200, 201);
    }
    assertThat(Http.get(fhirBase() + "/Observation?identifier=urn:ietf:rfc:3986|" + identifier)
        .json().path("total").asInt()).isEqualTo(1);
    assertThat(ml(day(patient), "intake")).isEqualTo(250);
  }

  @Test
  void implausibleVolumeWrongUnitAndFutureTimeAreRefused() {
    Http.Response tooMuch = Http.postJson(fhirBase() + "/Observation", intake(6000, "mL", dayStart.plusHours(1)));
    assertThat(tooMuch.status()).isEqualTo(422);
    assertThat(tooMuch.issues()).contains("Observation.valueQuantity.value");

    Http.Response negative = Http.postJson(fhirBase() + "/Observation", intake(-5, "mL", dayStart.plusHours(1)));
    assertThat(negative.status()).isEqualTo(422);

    Http.Response litres = Http.postJson(fhirBase() + "/Observation", intake(0.2, "L", dayStart.plusHours(1)));
    assertThat(litres.status()).isEqualTo(422);
    assertThat(litres.issues()).contains("Observation.value").contains("mL");

    Http.Response future = Http.postJson(fhirBase() + "/Observation",
        intake(100, "mL", ZonedDateTime.now(ChartSettings.defaults().zone()).plusHours(2)));
    assertThat(future.status()).isEqualTo(422);
    assertThat(future.issues()).contains("Observation.effectiveDateTime");
    assertThat(ml(day(patient), "intake")).isZero();
  }

  @Test
  void entryOnAnotherPatientsAdmissionIsRefused() {
    String other = "Patient/" + Http.postJson(fhirBase() + "/Patient", json(Fixtures.patient(Fixtures.nhsNumber(), "Other")))
        .json().path("id").asText();
    String body = intake(100, "mL", dayStart.plusHours(1)).replace("\"reference\":\"" + patient + "\"", "\"reference\":\"" + other + "\"");
    Http.Response response = Http.postJson(fhirBase() + "/Observation", body);
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.issues()).contains("Observation.encounter");
  }

  @Test
  void whatWasChartedStaysAsCharted() {
    String id = chart(intake(100, "mL", dayStart.plusHours(1)));
    String stored = Http.get(fhirBase() + "/Observation/" + id).body();
    // Moving the entry to another patient's admission is refused.
    String other = "Patient/" + Http.postJson(fhirBase() + "/Patient", json(Fixtures.patient(Fixtures.nhsNumber(), "Moved")))
        .json().path("id").asText();
    Http.Response moved = put("Observation/" + id, stored.replace("\"reference\":\"" + patient + "\"", "\"reference\":\"" + other + "\""));
    assertThat(moved.status()).isEqualTo(422);
    assertThat(moved.issues()).contains("Observation.encounter");
    // Marking it entered-in-error cannot change what was charted.
    String marked = stored.replace("\"status\":\"final\"", "\"status\":\"entered-in-error\"")
        .replace("\"value\":100", "\"value\":4000");
    marked = marked.substring(0, marked.lastIndexOf('}')) + ",\"note\":[{\"text\":\"Wrong jug\"}]}";
    Http.Response changed = put("Observation/" + id, marked);
    assertThat(changed.status()).isEqualTo(422);
    assertThat(changed.issues()).contains("Observation.status");
    assertThat(ml(day(patient), "intake")).isEqualTo(100);
  }

  @Test
  void everyNewEntryAndCorrectionIsSeenAtOnce() {
    // Parsed entries are reused between calls; each write must still show in the very next answer.
    String id = chart(intake(100, "mL", dayStart.plusHours(1)));
    assertThat(ml(day(patient), "intake")).isEqualTo(100);
    String stored = Http.get(fhirBase() + "/Observation/" + id).body();
    String marked = stored.replace("\"status\":\"final\"", "\"status\":\"entered-in-error\"");
    marked = marked.substring(0, marked.lastIndexOf('}')) + ",\"note\":[{\"text\":\"Charted twice\"}]}";
    assertThat(put("Observation/" + id, marked).status()).isEqualTo(200);
    assertThat(ml(day(patient), "intake")).isZero();
    chart(intake(50, "mL", dayStart.plusHours(2)));
    assertThat(ml(day(patient), "intake")).isEqualTo(50);
    assertThat(ml(day(encounter), "intake")).isEqualTo(50);
  }

  @Test
  void aWardCanHaveItsOwnChartDay() {
    // application-test.yaml: ward ZZT06 starts its chart day at 06:00.
    String ward = Http.postJson(fhirBase() + "/Location", json(Fixtures.ward("ZZT06", "Six o'clock ward"))).json().path("id").asText();
    String early = "Patient/" + Http.postJson(fhirBase() + "/Patient", json(Fixtures.patient(Fixtures.nhsNumber(), "Early")))
        .json().path("id").asText();
    var admission = Fixtures.inpatientEncounter(early, "Location/" + ward);
    admission.getPeriod().setStart(java.util.Date.from(Instant.now().minusSeconds(3 * 24 * 3600)));
    Http.postJson(fhirBase() + "/Encounter", json(admission));
    Http.Response response = Http.get(fhirBase() + "/" + early + "/$fluid-balance?date=" + yesterday);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"valueTime\":\"06:00:00\"");
    assertThat(response.body()).contains(ISO.format(ChartDays.start(yesterday,
        new ChartSettings(java.time.LocalTime.of(6, 0), ChartSettings.defaults().zone()))).substring(0, 16));
  }

  @Test
  void aSecondEntryWithTheSameKeyIsRefusedEvenWithoutIfNoneExist() {
    String body = intake(150, "mL", dayStart.plusHours(2));
    chart(body);
    Http.Response again = Http.postJson(fhirBase() + "/Observation", body);
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.issues()).contains("Observation.identifier");
    assertThat(ml(day(patient), "intake")).isEqualTo(150);
  }

  @Test
  void weightInPoundsIsRefusedEvenWithoutAProfileClaim() {
    String weight = "{\"resourceType\":\"Observation\",\"status\":\"final\","
        + "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\"}]},"
        + "\"subject\":{\"reference\":\"" + patient + "\"},\"effectiveDateTime\":\"" + ISO.format(dayStart.plusHours(1)) + "\","
        + "\"valueQuantity\":{\"value\":160,\"unit\":\"lb\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"[lb_av]\"}}";
    Http.Response response = Http.postJson(fhirBase() + "/Observation", weight);
    assertThat(response.status()).isEqualTo(422);
  }

  @Test
  void mustNeedsTheAcuteDiseaseAnswerAndAnExistingPatient() {
    Http.Response noAnswer = Http.postJson(fhirBase() + "/" + patient + "/$must", "{\"resourceType\":\"Parameters\"}");
    assertThat(noAnswer.status()).isEqualTo(400);
    assertThat(noAnswer.body()).contains("acutelyIllNoIntakeOver5Days");
    Http.Response unknown = Http.get(fhirBase() + "/Patient/does-not-exist/$fluid-balance");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void chartEntriesAreNeverDeleted() {
    String id = chart(intake(100, "mL", dayStart.plusHours(1)));
    Http.Response delete = Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/" + id)).DELETE());
    assertThat(delete.status()).isEqualTo(405);
    assertThat(delete.body()).contains("entered-in-error");
    assertThat(delete.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("PUT"));
    assertThat(Http.get(fhirBase() + "/Observation/" + id).status()).isEqualTo(200);
  }

  @Test
  void badParametersAreA400() {
    Http.Response both = Http.get(fhirBase() + "/" + patient + "/$fluid-balance?date=" + yesterday + "&start=" + yesterday);
    assertThat(both.status()).isEqualTo(400);
    Http.Response backwards = Http.get(fhirBase() + "/" + patient + "/$fluid-balance?start=" + yesterday + "&end=" + yesterday.minusDays(2));
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    // A day before the admission is an empty chart, not an error.
    Http.Response before = Http.get(fhirBase() + "/" + patient + "/$fluid-balance?date=" + yesterday.minusDays(10));
    assertThat(before.status()).as(before.body()).isEqualTo(200);
  }

  @Test
  void mustScreeningFromChartedWeightAndHeight() {
    String weight = "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"" + ChartCodes.PROFILE_WEIGHT + "\"]},"
        + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}]}],"
        + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\"}]},"
        + "\"subject\":{\"reference\":\"" + patient + "\"},\"effectiveDateTime\":\"" + ISO.format(dayStart.plusHours(1)) + "\","
        + "\"valueQuantity\":{\"value\":50,\"unit\":\"kg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"}}";
    String height = weight.replace(ChartCodes.PROFILE_WEIGHT, ChartCodes.PROFILE_HEIGHT).replace("29463-7", "8302-2")
        .replace("\"value\":50,\"unit\":\"kg\"", "\"value\":170,\"unit\":\"cm\"").replace("\"code\":\"kg\"", "\"code\":\"cm\"");
    assertThat(Http.postJson(fhirBase() + "/Observation", weight).status()).isEqualTo(201);
    assertThat(Http.postJson(fhirBase() + "/Observation", height).status()).isEqualTo(201);

    String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"acutelyIllNoIntakeOver5Days\",\"valueBoolean\":false}]}";
    Http.Response must = Http.postJson(fhirBase() + "/" + patient + "/$must", parameters);
    assertThat(must.status()).as(must.body()).isEqualTo(200);
    // 50 kg / 1.70 m^2 = BMI 17.3 -> step 1 scores 2 -> high risk (BAPEN).
    assertThat(must.json().path("valueInteger").asInt()).isEqualTo(2);
    assertThat(must.json().path("interpretation").get(0).path("coding").get(0).path("code").asText()).isEqualTo("high");
    // The screening the server computed is stored once a clinician confirms it as its performer.
    String confirmed = must.body().replaceFirst("\\{", "{\"performer\":[{\"display\":\"Ward nurse\"}],");
    Http.Response saved = Http.postJson(fhirBase() + "/Observation", confirmed);
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);
  }

  private Http.Response put(String path, String body) {
    return Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + path))
        .header("Content-Type", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }
}
