package org.parity.phr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/** {@code QuestionnaireResponse/[id]/$lester} over real HTTP. */
class LesterOperationTest extends H2ServerTest {

  @Test
  void highlightsValuesNeedingInterventionWithTheAction() {
    String[] admission = admit();
    String id = create(PhrFixtures.complete(admission[0], admission[1], "completed"));
    Http.Response response = Http.get(fhirBase() + "/QuestionnaireResponse/" + id + "/$lester");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode out = response.json();
    assertThat(value(out, "started").path("valueBoolean").asBoolean()).isTrue();
    assertThat(value(out, "complete").path("valueBoolean").asBoolean()).isTrue();
    assertThat(value(out, "bmi").path("valueDecimal").decimalValue()).isEqualByComparingTo("29.2");
    Map<String, String> actions = new HashMap<>();
    out.path("parameter").forEach(p -> {
      if ("highlight".equals(p.path("name").asText())) {
        actions.put(part(p, "domain").path("valueCode").asText(), part(p, "action").path("valueString").asText());
      }
    });
    // 92.4 kg / 1.78 m² = 29.2; 150/95; HbA1c 50; current smoker (PhrFixtures.complete).
    assertThat(actions).containsOnlyKeys("bmi-weight", "blood-pressure", "glucose", "smoking");
    assertThat(actions.get("glucose")).isEqualTo("Endocrine review; follow NICE diabetes guidance");
    assertThat(actions.get("blood-pressure")).contains("NICE hypertension");
  }

  @Test
  void reportsMissingItemsOfAReviewInProgress() {
    String[] admission = admit();
    var started = PhrFixtures.response(admission[0], admission[1], "in-progress");
    PhrFixtures.answer(started, "pulse", "pulse-value", PhrFixtures.quantity(80, "/min", "beats per minute"));
    String id = create(started);
    JsonNode out = Http.get(fhirBase() + "/QuestionnaireResponse/" + id + "/$lester").json();
    assertThat(value(out, "complete").path("valueBoolean").asBoolean()).isFalse();
    long missing = 0;
    for (JsonNode p : out.path("parameter")) {
      if ("missing".equals(p.path("name").asText())) {
        missing++;
      }
    }
    assertThat(missing).isEqualTo(12);
    assertThat(out.toString()).contains("QuestionnaireResponse.item.where(linkId='weight')");
  }

  @Test
  void otherFormsAreRefused() {
    String[] admission = admit();
    var vte = Fixtures.vteResponse(admission[0], admission[1], "in-progress", "medical-not-reduced");
    String id = create(vte);
    Http.Response response = Http.get(fhirBase() + "/QuestionnaireResponse/" + id + "/$lester");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.issues()).contains("physical-health-review");
    assertThat(Http.get(fhirBase() + "/QuestionnaireResponse/does-not-exist/$lester").status()).isEqualTo(404);
  }

  String[] admit() {
    String ward = create(Fixtures.ward("LE" + UUID.randomUUID().toString().substring(0, 3), "Lester test ward"));
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Lester"));
    return new String[] {patient, create(Fixtures.inpatientEncounter(patient, ward))};
  }

  /** Creates and returns the id (for patient and admission: Type/id). */
  String create(org.hl7.fhir.r4.model.Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(),
        fhirContext.newJsonParser().encodeResourceToString(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    String id = response.json().path("id").asText();
    return resource instanceof org.hl7.fhir.r4.model.QuestionnaireResponse ? id : resource.fhirType() + "/" + id;
  }

  static JsonNode value(JsonNode parameters, String name) {
    for (JsonNode p : parameters.path("parameter")) {
      if (name.equals(p.path("name").asText())) {
        return p;
      }
    }
    throw new AssertionError("no parameter " + name + " in " + parameters);
  }

  static JsonNode part(JsonNode parameter, String name) {
    for (JsonNode p : parameter.path("part")) {
      if (name.equals(p.path("name").asText())) {
        return p;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
