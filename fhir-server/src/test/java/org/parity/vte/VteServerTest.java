package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/** The open H2 server with helpers for VTE tests: admit a patient, write resources, find what the server derived. */
abstract class VteServerTest extends H2ServerTest {

  static final String OPEN_TASKS = "/Task?code=https://parity-epr.org/fhir/CodeSystem/vte|vte-reassessment"
      + "&status=requested&encounter=";

  String json(Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  /** Creates the resource and returns {@code Type/id}; fails unless 201. */
  String create(Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(), json(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  /** A new patient (born on {@code birthDate}) admitted {@code hoursAgo} to a new ward: {patient, encounter}. */
  String[] admit(String birthDate, long hoursAgo) {
    String ward = create(Fixtures.ward("VT" + UUID.randomUUID().toString().substring(0, 3), "VTE test ward"));
    var patient = Fixtures.patient(Fixtures.nhsNumber(), "Vte");
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));
    String patientRef = create(patient);
    var admission = Fixtures.inpatientEncounter(patientRef, ward);
    admission.getPeriod().setStart(Date.from(Instant.now().minusSeconds(hoursAgo * 3600)));
    return new String[] {patientRef, create(admission)};
  }

  List<JsonNode> search(String query) {
    Http.Response response = Http.get(fhirBase() + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    response.json().path("entry").forEach(e -> found.add(e.path("resource")));
    return found;
  }

  JsonNode read(String ref) {
    Http.Response response = Http.get(fhirBase() + "/" + ref);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  static List<String> codes(JsonNode codeableConcept) {
    List<String> codes = new ArrayList<>();
    codeableConcept.path("coding").forEach(c -> codes.add(c.path("code").asText()));
    return codes;
  }

  static String entry(String fullUrl, String resource) {
    String type = resource.replaceAll("(?s).*?\"resourceType\":\"(\\w+)\".*", "$1");
    return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + resource + ",\"request\":{\"method\":\"POST\",\"url\":\""
        + type + "\"}}";
  }

  Http.Response put(String ref, String body) {
    return Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhirBase() + "/" + ref))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }
}
