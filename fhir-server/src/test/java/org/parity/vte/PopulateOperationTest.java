package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.Http;

/** {@code Questionnaire/vte-risk-assessment/$populate} from real stored resources, over real HTTP. */
class PopulateOperationTest extends VteServerTest {

  static final String POPULATE = "/Questionnaire/vte-risk-assessment/$populate";

  /** The populated response of a $populate answer. */
  static JsonNode response(Http.Response populated) {
    assertThat(populated.status()).as(populated.body()).isEqualTo(200);
    for (JsonNode p : populated.json().path("parameter")) {
      if (p.path("name").asText().equals("response")) {
        return p.path("resource");
      }
    }
    throw new AssertionError("no response in " + populated.body());
  }

  /** linkId -> the answer of every answered item, at any depth. */
  static Map<String, JsonNode> answers(JsonNode response) {
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    collect(response.path("item"), answers);
    return answers;
  }

  private static void collect(JsonNode items, Map<String, JsonNode> answers) {
    for (JsonNode item : items) {
      if (item.has("answer")) {
        answers.put(item.path("linkId").asText(), item.path("answer").get(0));
      }
      collect(item.path("item"), answers);
    }
  }

  /** The prefilled extension's parts: source reference and reason. */
  static String[] prefilled(JsonNode answer) {
    for (JsonNode extension : answer.path("extension")) {
      if (extension.path("url").asText().equals(VteFhirCodes.EXT_PREFILLED)) {
        String source = null;
        String reason = null;
        for (JsonNode part : extension.path("extension")) {
          if (part.path("url").asText().equals("source")) {
            source = part.path("valueReference").path("reference").asText();
          } else if (part.path("url").asText().equals("reason")) {
            reason = part.path("valueString").asText();
          }
        }
        return new String[] {source, reason};
      }
    }
    throw new AssertionError("no prefilled extension on " + answer);
  }

  @Test
  void whatTheRecordKnowsIsPrefilledWithItsEvidence() {
    String[] admitted = admit("1950-03-02", 6);
    String patient = admitted[0];
    String encounter = admitted[1];
    String weight = create(Fixtures.bodyMeasure(patient, true, 98));
    create(Fixtures.bodyMeasure(patient, false, 170)); // BMI 33.9
    String olanzapine = create(Fixtures.medicationStatement(patient, "N05AH03", "Olanzapine 10 mg tablets"));
    String restraint = create(Fixtures.restrictiveIntervention(patient, encounter, "physical-restraint"));
    String mobility = create(Fixtures.reducedMobility(patient, encounter));

    JsonNode response = response(Http.get(fhirBase() + POPULATE + "?subject=" + patient));
    assertThat(response.path("status").asText()).isEqualTo("in-progress");
    assertThat(response.path("questionnaire").asText()).isEqualTo(VteFhirCodes.QUESTIONNAIRE);
    assertThat(response.path("subject").path("reference").asText()).isEqualTo(patient);
    assertThat(response.path("encounter").path("reference").asText()).isEqualTo(encounter);

    Map<String, JsonNode> answers = answers(response);
    assertThat(answers.keySet()).containsExactlyInAnyOrder("t-age-over-60", "t-obesity", "mh-antipsychotic",
        "mh-restraint-seclusion", "mh-reduced-mobility");
    answers.values().forEach(a -> assertThat(a.path("valueBoolean").asBoolean()).isTrue());

    assertThat(prefilled(answers.get("t-age-over-60"))[0]).isEqualTo(patient);
    assertThat(prefilled(answers.get("t-age-over-60"))[1]).startsWith("Born 1950-03-02: ").endsWith("years old");
    assertThat(prefilled(answers.get("t-obesity"))[0]).isEqualTo(weight);
    assertThat(prefilled(answers.get("t-obesity"))[1]).contains("BMI 33.9");
    assertThat(prefilled(answers.get("mh-antipsychotic"))[0]).isEqualTo(olanzapine);
    assertThat(prefilled(answers.get("mh-antipsychotic"))[1]).contains("Olanzapine").contains("N05AH03");
    assertThat(prefilled(answers.get("mh-restraint-seclusion"))[0]).isEqualTo(restraint);
    assertThat(prefilled(answers.get("mh-reduced-mobility"))[0]).isEqualTo(mobility);
    // Items sit in their groups, as in the Questionnaire.
    assertThat(response.path("item").toString()).contains("\"linkId\":\"thrombosis-patient\"")
        .contains("\"linkId\":\"mental-health\"");
    // The populated form, completed as it stands, is accepted and assessed.
    assertThat(Http.postJson(fhirBase() + "/QuestionnaireResponse", response.toString()
        .replace("\"status\":\"in-progress\"", "\"status\":\"completed\"")
        .replaceFirst("\"item\":\\[", "\"item\":[{\"linkId\":\"step1\",\"item\":[{\"linkId\":\"mobility\",\"answer\":"
            + "[{\"valueCoding\":{\"system\":\"" + Fixtures.VTE_MOBILITY + "\",\"code\":\"medical-reduced-mobility\"}}]}]},"))
        .status()).isEqualTo(201);
  }

  @Test
  void aPatientWithNothingKnownGetsNoAnswersAndNeverANo() {
    String[] admitted = admit("1985-07-14", 1);
    create(Fixtures.medicationStatement(admitted[0], "N05AN01", "Lithium carbonate 400 mg")); // not an antipsychotic
    String post = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"subject\",\"valueReference\":"
        + "{\"reference\":\"" + admitted[0] + "\"}}]}";
    Http.Response populated = Http.postJson(fhirBase() + POPULATE, post);
    JsonNode response = response(populated);
    assertThat(answers(response)).isEmpty();
    assertThat(response.path("encounter").path("reference").asText()).isEqualTo(admitted[1]);
    assertThat(populated.body()).contains("BMI not known");
  }

  @Test
  void aPatientWithoutAnAdmissionOrAWrongEncounterIsRefused() {
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Outpatient"));
    Http.Response notAdmitted = Http.get(fhirBase() + POPULATE + "?subject=" + patient);
    assertThat(notAdmitted.status()).as(notAdmitted.body()).isEqualTo(422);

    String[] other = admit("1960-01-01", 1);
    String[] admitted = admit("1960-01-01", 1);
    Http.Response wrong = Http.get(fhirBase() + POPULATE + "?subject=" + admitted[0] + "&encounter=" + other[1]);
    assertThat(wrong.status()).as(wrong.body()).isEqualTo(422);
    assertThat(wrong.issues()).contains("encounter");

    Http.Response noSubject = Http.get(fhirBase() + POPULATE);
    assertThat(noSubject.status()).isEqualTo(400);
    Http.Response otherForm = Http.get(fhirBase() + "/Questionnaire/something-else/$populate?subject=" + admitted[0]);
    assertThat(otherForm.status()).isIn(400, 404);
  }
}
