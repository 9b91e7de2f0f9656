package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;
import org.springframework.beans.factory.annotation.Autowired;

/** Every route by which a suicide or self-harm risk level could be stored is refused with 422 (issue 6). */
class NoStratificationTest extends H2ServerTest {

  static final String PATIENT = "Patient/demo-willow-01";
  static final String SCT = "http://snomed.info/sct";
  static final String P = "https://parity-epr.org/fhir";

  @Test
  void riskAssessmentWithAQualitativeRisk() {
    String assessment = riskAssessment("\"qualitativeRisk\":{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/risk-probability\",\"code\":\"high\"}]}");
    assertRefused(post("RiskAssessment", assessment), "RiskAssessment.prediction[0].qualitativeRisk");
  }

  @Test
  void riskAssessmentWithAProbability() {
    assertRefused(post("RiskAssessment", riskAssessment("\"probabilityDecimal\":0.2")),
        "RiskAssessment.prediction[0].probability.ofType(decimal)");
  }

  @Test
  void riskAssessmentAboutSuicideWithOnlyWordsIsStored() {
    Http.Response stored = post("RiskAssessment", "{\"resourceType\":\"RiskAssessment\",\"status\":\"final\","
        + "\"subject\":{\"reference\":\"" + PATIENT + "\"},"
        + "\"code\":{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"225337009\",\"display\":\"Suicide risk assessment\"}]},"
        + "\"prediction\":[{\"outcome\":{\"text\":\"Suicide\"}}],"
        + "\"mitigation\":\"Safety plan written together; high risk times are evenings, in her words\","
        + "\"note\":[{\"text\":\"Explored what has helped before.\"}]}");
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
  }

  @Test
  void flagNamingALevel() {
    String flag = "{\"resourceType\":\"Flag\",\"status\":\"active\",\"subject\":{\"reference\":\"" + PATIENT + "\"},"
        + "\"code\":{\"text\":\"High risk of suicide\"}}";
    assertRefused(post("Flag", flag), "Flag.code");
  }

  @Test
  void flagSafetyPlanInPlaceIsStored() {
    String flag = "{\"resourceType\":\"Flag\",\"status\":\"active\",\"subject\":{\"reference\":\"" + PATIENT + "\"},"
        + "\"code\":{\"text\":\"Safety plan in place: read it with her before leave\"}}";
    Http.Response stored = post("Flag", flag);
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
  }

  @Test
  void observationWithANumber() {
    // LOINC 93374-7 without a display: the package ValueSet knows it as "Suicide risk level".
    String observation = observation("{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"93374-7\"}]}",
        "\"valueInteger\":3");
    assertRefused(post("Observation", observation), "Observation.value.ofType(integer)");
  }

  @Test
  void observationWithALevelCoding() {
    String observation = observation(
        "{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"6471006\",\"display\":\"Suicidal thoughts\"}]}",
        "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"75540009\",\"display\":\"High\"}]}");
    assertRefused(post("Observation", observation), "Observation.value.ofType(CodeableConcept)");
  }

  @Test
  void observationWithAScoredComponent() {
    String observation = observation(
        "{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"225337009\",\"display\":\"Suicide risk assessment\"}]}",
        "\"component\":[{\"code\":{\"text\":\"Wish to be dead\"},\"valueString\":\"Yes, last week\"},"
            + "{\"code\":{\"text\":\"Total\"},\"valueInteger\":14}]");
    assertRefused(post("Observation", observation), "Observation.component[1].value.ofType(integer)");
  }

  @Test
  void observationCountingSelfHarmEpisodesIsStored() {
    Http.Response stored = post("Observation",
        observation("{\"text\":\"Number of self-harm episodes this week\"}", "\"valueInteger\":2"));
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
  }

  @Test
  void safetyPlanWithALevelCoding() {
    String plan = safetyPlan(",\"reasonCode\":[{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"62482003\",\"display\":\"Low\"}]}]");
    Http.Response refused = post("CarePlan", plan);
    assertRefused(refused, "CarePlan.activity[0].detail.reasonCode[0]");
    // Only the coded level: the patient's words ("when I feel at high risk") are never refused.
    assertThat(refused.json().path("issue")).hasSize(1);
  }

  @Test
  void safetyPlanInThePatientsWordsIsStored() {
    Http.Response stored = post("CarePlan", safetyPlan(""));
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
  }

  @Test
  void updateIntoAStratifiedResourceLeavesTheStoredOneUnchanged() {
    Http.Response created = post("Observation", observation(
        "{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"6471006\",\"display\":\"Suicidal thoughts\"}]}",
        "\"valueString\":\"Talked about the weekend at home\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    String stratified = observation(
        "{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"6471006\",\"display\":\"Suicidal thoughts\"}]}",
        "\"valueString\":\"Moderate\"").replaceFirst("\\{", "{\"id\":\"" + id + "\",");

    assertRefused(put("Observation/" + id, stratified), "Observation.value.ofType(string)");

    JsonNode stored = Http.get(fhirBase() + "/Observation/" + id).json();
    assertThat(stored.path("meta").path("versionId").asText()).isEqualTo("1");
    assertThat(stored.path("valueString").asText()).isEqualTo("Talked about the weekend at home");
  }

  @Test
  void transactionWithOneStratifiedEntryStoresNothing() {
    String marker = UUID.randomUUID().toString();
    String allowed = "{\"resourceType\":\"Flag\",\"status\":\"active\",\"identifier\":[{\"system\":\"urn:test\",\"value\":\""
        + marker + "\"}],\"subject\":{\"reference\":\"" + PATIENT + "\"},\"code\":{\"text\":\"Safety plan in place\"}}";
    String stratified = "{\"resourceType\":\"Flag\",\"status\":\"active\",\"identifier\":[{\"system\":\"urn:test\",\"value\":\""
        + marker + "\"}],\"subject\":{\"reference\":\"" + PATIENT + "\"},"
        + "\"code\":{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"225444004\",\"display\":\"At risk for suicide\"},"
        + "{\"system\":\"http://terminology.hl7.org/CodeSystem/risk-probability\",\"code\":\"moderate\"}]}}";
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + entry(allowed) + "," + entry(stratified) + "]}";

    assertRefused(Http.postJson(fhirBase(), bundle), "Flag.code");

    JsonNode found = Http.get(fhirBase() + "/Flag?identifier=urn:test|" + marker).json();
    assertThat(found.path("total").asInt()).isZero();
    assertThat(found.path("entry")).isEmpty();
  }

  @Autowired
  NoStratification noStratification;

  /** The package's own examples (safety plans, VTE risk assessments, charts) carry no level the rules would refuse. */
  @Test
  void packageExamplesAreNotRefused() throws Exception {
    List<String> refused = new ArrayList<>();
    int carePlans = 0;
    try (var in = getClass().getResourceAsStream("/org/parity/profiles/package.tgz")) {
      NpmPackage npm = NpmPackage.fromPackage(in);
      for (String file : npm.list("example")) {
        if (!file.endsWith(".json") || file.startsWith(".") || file.contains("-invalid-")) {
          continue;
        }
        try (var entry = npm.load("example", file)) {
          var resource = fhirContext.newJsonParser().parseResource(new String(entry.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
          carePlans += file.startsWith("CarePlan-") ? 1 : 0;
          noStratification.problems(resource).forEach(p -> refused.add(file + " " + p));
        }
      }
    }
    assertThat(carePlans).isPositive();
    assertThat(refused).isEmpty();
  }

  private void assertRefused(Http.Response response, String expression) {
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    List<String> expressions = new ArrayList<>();
    response.json().path("issue").forEach(issue -> {
      assertThat(issue.path("code").asText()).isEqualTo("business-rule");
      issue.path("expression").forEach(e -> expressions.add(e.asText()));
    });
    assertThat(expressions).contains(expression);
    assertThat(response.issues())
        .contains("NHS England, 'Staying safe from suicide' (2025)")
        .contains("NICE NG225")
        .contains("parity-safety-plan");
  }

  private String riskAssessment(String prediction) {
    return "{\"resourceType\":\"RiskAssessment\",\"status\":\"final\",\"subject\":{\"reference\":\"" + PATIENT + "\"},"
        + "\"code\":{\"coding\":[{\"system\":\"" + SCT + "\",\"code\":\"225337009\",\"display\":\"Suicide risk assessment\"}]},"
        + "\"prediction\":[{\"outcome\":{\"text\":\"Suicide\"}," + prediction + "}]}";
  }

  private static String observation(String code, String value) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"subject\":{\"reference\":\"" + PATIENT + "\"},"
        + "\"effectiveDateTime\":\"2026-11-27T10:00:00+00:00\",\"code\":" + code + "," + value + "}";
  }

  /** A draft safety plan as in the contract, its warning sign in the patient's words; {@code detailExtra} goes in activity.detail. */
  private static String safetyPlan(String detailExtra) {
    return "{\"resourceType\":\"CarePlan\",\"status\":\"draft\",\"intent\":\"plan\","
        + "\"category\":[{\"coding\":[{\"system\":\"" + P + "/CodeSystem/safety-plan\",\"code\":\"safety-plan\",\"display\":\"Safety plan\"}]}],"
        + "\"title\":\"My safety plan\",\"subject\":{\"reference\":\"" + PATIENT + "\"},"
        + "\"created\":\"2026-11-27T10:00:00+00:00\","
        + "\"activity\":[{\"id\":\"e-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"extension\":["
        + "{\"url\":\"" + P + "/StructureDefinition/safety-plan-entry-author\",\"valueReference\":{\"reference\":\"" + PATIENT + "\"}},"
        + "{\"url\":\"" + P + "/StructureDefinition/safety-plan-entry-written\",\"valueDateTime\":\"2026-11-27T10:05:00+00:00\"}],"
        + "\"detail\":{\"code\":{\"coding\":[{\"system\":\"" + P + "/CodeSystem/safety-plan\",\"code\":\"warning-signs\","
        + "\"display\":\"My warning signs\"}]},\"status\":\"in-progress\","
        + "\"description\":\"When I feel at high risk I stop answering my phone and stay in bed\"" + detailExtra + "}}]}";
  }

  private static String entry(String resource) {
    String type = resource.replaceAll("(?s).*?\"resourceType\":\"(\\w+)\".*", "$1");
    return "{\"fullUrl\":\"urn:uuid:" + UUID.randomUUID() + "\",\"resource\":" + resource
        + ",\"request\":{\"method\":\"POST\",\"url\":\"" + type + "\"}}";
  }

  private Http.Response post(String type, String body) {
    return Http.postJson(fhirBase() + "/" + type, body);
  }

  private Http.Response put(String ref, String body) {
    return Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + ref))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }
}
