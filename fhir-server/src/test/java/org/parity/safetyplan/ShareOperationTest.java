package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.Http;

/** {@code CarePlan/[id]/$share} over real HTTP: what is recorded, and each refusal naming its parameter. */
class ShareOperationTest extends SharingServerTest {

  static Parameters share(String recipient, String consent, String channel, String note) {
    Parameters in = new Parameters();
    if (recipient != null) {
      in.addParameter().setName("recipient").setValue(new Reference(recipient));
    }
    if (consent != null) {
      in.addParameter().setName("consent").setValue(new Reference(consent));
    }
    if (channel != null) {
      in.addParameter().setName("channel").setValue(new StringType(channel));
    }
    if (note != null) {
      in.addParameter().setName("note").setValue(new StringType(note));
    }
    return in;
  }

  Http.Response post(String plan, Parameters in) {
    return Http.postJson(fhirBase() + "/" + plan + "/$share", json(in));
  }

  List<JsonNode> shared(String patient) {
    Http.Response found = Http.get(fhirBase() + "/Communication?subject=" + patient
        + "&category=https://parity-epr.org/fhir/CodeSystem/safety-plan|safety-plan-shared");
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    List<JsonNode> list = new ArrayList<>();
    found.json().path("entry").forEach(e -> list.add(e.path("resource")));
    return list;
  }

  static JsonNode parameter(Http.Response response, String name) {
    for (JsonNode p : response.json().path("parameter")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no " + name + " in " + response.body());
  }

  @Test
  void sharingWithTheSisterIsRecordedWithTheVersionAndTheConsent() {
    World world = world();
    Http.Response response = post(world.plan(), share(world.sister(), world.consent(), "NHSmail", "Before leave"));
    assertThat(response.status()).as(response.body()).isEqualTo(200);

    JsonNode document = parameter(response, "document").path("resource");
    assertThat(document.path("type").asText()).isEqualTo("document");
    assertThat(document.path("entry").get(0).path("resource").path("resourceType").asText()).isEqualTo("Composition");
    String communication = parameter(response, "communication").path("valueReference").path("reference").asText();
    assertThat(communication).startsWith("Communication/");

    JsonNode sent = read(communication);
    assertThat(sent.path("meta").path("profile").get(0).asText())
        .isEqualTo("https://parity-epr.org/fhir/StructureDefinition/parity-safety-plan-share");
    assertThat(sent.path("status").asText()).isEqualTo("completed");
    assertThat(sent.path("category").get(0).path("coding").get(0).path("code").asText()).isEqualTo("safety-plan-shared");
    assertThat(sent.path("subject").path("reference").asText()).isEqualTo(world.patient());
    String version = read(world.plan()).path("meta").path("versionId").asText();
    assertThat(sent.path("about").get(0).path("reference").asText()).isEqualTo(world.plan() + "/_history/" + version);
    assertThat(sent.path("about").get(1).path("reference").asText()).isEqualTo(world.consent());
    assertThat(sent.path("recipient")).hasSize(1);
    assertThat(sent.path("recipient").get(0).path("reference").asText()).isEqualTo(world.sister());
    assertThat(sent.path("sent").asText()).isNotEmpty();
    assertThat(sent.path("medium").get(0).path("text").asText()).isEqualTo("NHSmail");
    assertThat(sent.path("note").get(0).path("text").asText()).isEqualTo("Before leave");
    assertThat(sent.path("payload").get(0).path("contentString").asText()).isEqualTo("Safety plan, version " + version);
    assertThat(sent.has("sender")).as("nobody is signed in with security off").isFalse();
    assertThat(shared(world.patient())).hasSize(1);
  }

  @Test
  void thePatientNeedsNoConsentToHaveTheirOwnCopy() {
    World world = world();
    Http.Response response = post(world.plan(), share(world.patient(), null, "Printed copy", null));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode sent = read(parameter(response, "communication").path("valueReference").path("reference").asText());
    assertThat(sent.path("recipient").get(0).path("reference").asText()).isEqualTo(world.patient());
    assertThat(sent.path("about")).hasSize(1);
    assertThat(sent.path("medium").get(0).path("text").asText()).isEqualTo("Printed copy");
  }

  @Test
  void aConsentWithoutActorsCoversAnyRecipientForSharing() {
    World world = world();
    String gp = create(SharingFixtures.gpPractice("Canal Street Surgery"));
    String anyone = create(SharingFixtures.consent(world.patient(), new String[] {"share"}));
    Http.Response response = post(world.plan(), share(gp, anyone, "FHIR", null));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(shared(world.patient())).hasSize(1);
  }

  @Test
  void eachMistakeIsRefusedNamingTheParameterAndNothingIsRecorded() {
    World world = world();
    String gp = create(SharingFixtures.gpPractice("Canal Street Surgery"));
    var other = Fixtures.patient(Fixtures.nhsNumber(), "Other");
    String otherPatient = create(other);
    String otherConsent = create(SharingFixtures.consent(otherPatient, new String[] {"share"}));
    String contributeOnly = create(SharingFixtures.consent(world.patient(), new String[] {"contribute"}, world.sister()));
    String otherSister = create(SharingFixtures.sister(otherPatient, "Eve", "Other"));

    refused(world.plan(), share(null, world.consent(), null, null), "recipient", "required");
    refused(world.plan(), share("Practitioner/no-such-person", world.consent(), null, null), "recipient", "does not exist");
    refused(world.plan(), share(world.encounter(), world.consent(), null, null), "recipient", "valueReference");
    refused(world.plan(), share(otherSister, world.consent(), null, null), "recipient", "another patient");
    refused(world.plan(), share(world.sister(), null, null, null), "consent", "required");
    refused(world.plan(), share(world.sister(), "Consent/no-such-consent", null, null), "consent", "does not exist");
    refused(world.plan(), share(gp, otherConsent, null, null), "consent", "not of " + world.patient());
    refused(world.plan(), share(gp, world.consent(), null, null), "consent", "does not name " + gp);
    refused(world.plan(), share(world.sister(), contributeOnly, null, null), "consent", "'share'");
    Parameters twice = share(world.sister(), world.consent(), null, null);
    twice.addParameter().setName("recipient").setValue(new Reference(gp));
    refused(world.plan(), twice, "recipient", "only once");
    refused(world.plan(), share(world.sister(), world.consent(), "", null), "channel", "valueString");

    Http.Response notParameters = Http.postJson(fhirBase() + "/" + world.plan() + "/$share", "{\"resourceType\":\"Patient\"}");
    assertThat(notParameters.status()).as(notParameters.body()).isBetween(400, 422);
    assertThat(shared(world.patient())).isEmpty();
  }

  private void refused(String plan, Parameters in, String parameter, String reason) {
    Http.Response response = post(plan, in);
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.json().path("issue").get(0).path("code").asText()).isEqualTo("business-rule");
    assertThat(response.issues()).contains("parameter.where(name='" + parameter + "')").contains(reason);
  }
}
