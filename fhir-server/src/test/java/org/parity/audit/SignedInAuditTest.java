package org.parity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail with real identities: who (from the Keycloak token), what, outcome and purpose of use,
 * read back over the API by an auditor; and the Provenance of a write naming its author from the token.
 */
class SignedInAuditTest extends SecuredServerTest {

  @Autowired
  AuditTrail auditTrail;

  private List<JsonNode> audit(String query) {
    assertThat(auditTrail.flush()).isTrue();
    Http.Response found = get(token("auditor.sam"), "/AuditEvent?_count=200&" + query);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    found.json().path("entry").forEach(entry -> events.add(entry.path("resource")));
    return events;
  }

  private static JsonNode requestor(JsonNode event) {
    for (JsonNode agent : event.path("agent")) {
      if (agent.path("requestor").asBoolean()) {
        return agent;
      }
    }
    throw new AssertionError("no requesting agent in " + event);
  }

  @Test
  void aNurseReadingHerPatientIsRecordedWithWhoAndWhy() {
    assertThat(get(token("nurse.willow"), "/Patient/demo-willow-06").status()).isEqualTo(200);
    List<JsonNode> events = audit("altid=nurse.willow&patient=Patient/demo-willow-06&subtype=read");
    assertThat(events).isNotEmpty();
    JsonNode event = events.get(0);
    assertThat(event.path("outcome").asText()).isEqualTo("0");
    assertThat(requestor(event).path("who").path("reference").asText()).isEqualTo("Practitioner/demo-nurse-willow");
    assertThat(requestor(event).toString()).contains("nurse");
    assertThat(event.toString()).contains("TREAT").contains("ward-ui");
  }

  @Test
  void aRefusedReadIsRecordedAsRefused() {
    assertThat(get(token("nurse.willow"), "/Patient/demo-cedar-06").status()).isEqualTo(403);
    List<JsonNode> events = audit("altid=nurse.willow&outcome=4");
    assertThat(events).anySatisfy(event -> assertThat(event.toString()).contains("demo-cedar-06"));
  }

  @Test
  void breakGlassAccessCarriesPurposeBtg() {
    String nurse = token("nurse.willow");
    Http.Response granted = post(nurse, "/Patient/demo-cedar-07/$break-glass", """
        {"resourceType":"Parameters","parameter":[{"name":"reason","valueString":"Rapid response call to Cedar Ward"}]}""");
    assertThat(granted.status()).isEqualTo(200);
    assertThat(get(nurse, "/Patient/demo-cedar-07").status()).isEqualTo(200);
    List<JsonNode> reads = audit("altid=nurse.willow&patient=Patient/demo-cedar-07&subtype=read");
    assertThat(reads).isNotEmpty().allSatisfy(event -> assertThat(event.path("purposeOfEvent").toString()).contains("BTG"));
  }

  @Test
  void aWriteCarriesAProvenanceNamingItsAuthorFromTheToken() {
    Http.Response created = post(token("hca.willow"), "/Observation", """
        {"resourceType":"Observation","status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
         "subject":{"reference":"Patient/demo-willow-07"},"effectiveDateTime":"2026-11-27T10:00:00+00:00",
         "valueQuantity":{"value":80,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}}""");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    // Auditors read every Provenance; staff see those in their patients' compartments.
    Http.Response provenance = get(token("auditor.sam"), "/Provenance?target=Observation/" + id);
    assertThat(provenance.status()).as(provenance.body()).isEqualTo(200);
    assertThat(provenance.json().path("total").asInt()).isEqualTo(1);
    assertThat(provenance.body()).contains("Practitioner/demo-hca-willow");
  }

  @Test
  void aRequestWithoutTokenIsRecorded() {
    String probe = java.util.UUID.randomUUID().toString();
    assertThat(Http.get(fhirBase() + "/Patient/demo-willow-08?probe=" + probe).status()).isEqualTo(401);
    assertThat(audit("outcome=4")).anySatisfy(event ->
        assertThat(event.toString()).contains(probe).contains("unauthenticated").contains("401"));
  }

}
