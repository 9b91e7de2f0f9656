package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Resource;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * The open H2 server with a fresh patient per test: admitted to a new ward, with a member of staff, a sister who
 * may contribute to and receive the plan (Consent), and a draft safety plan with entries by all three.
 */
abstract class SharingServerTest extends H2ServerTest {

  /** What {@link #world()} made. */
  record World(String patient, String encounter, String nurse, String sister, String consent, String plan) {}

  String json(Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  /** Creates the resource and returns {@code Type/id}; fails unless 201. */
  String create(Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(), json(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  JsonNode read(String ref) {
    Http.Response response = Http.get(fhirBase() + "/" + ref);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** Whether the server knows the safety-plan profile (the lead's part of issue 6), so plans claim it then. */
  boolean profileKnown() {
    Http.Response found = Http.get(fhirBase() + "/StructureDefinition?url=" + SharingFixtures.PROFILE);
    return found.status() == 200 && found.json().path("entry").size() > 0;
  }

  World world() {
    String ward = create(Fixtures.ward("SP" + UUID.randomUUID().toString().substring(0, 3), "Sharing test ward"));
    var person = Fixtures.patient(Fixtures.nhsNumber(), "Nwosu");
    person.getNameFirstRep().getGiven().clear();
    person.getNameFirstRep().addGiven("Fatima");
    String patient = create(person);
    String encounter = create(Fixtures.inpatientEncounter(patient, ward));
    String nurse = create(SharingFixtures.practitioner("Jo", "Bright"));
    String sister = create(SharingFixtures.sister(patient, "Amara", "Nwosu"));
    String consent = create(SharingFixtures.consent(patient, new String[] {"contribute", "share"}, sister));
    CarePlan draft = SharingFixtures.plan(patient, encounter, "draft", null, profileKnown(),
        new SharingFixtures.Words("warning-signs", "When I stop answering my phone and stay in bed", patient,
            "Fatima Nwosu"),
        new SharingFixtures.Words("professionals-services", "Crisis line, open day and night: 0800 000 0000", nurse,
            "Jo Bright"),
        new SharingFixtures.Words("people-to-ask", "Amara, my sister: she will come round & sit with me", sister,
            "Amara Nwosu"),
        new SharingFixtures.Words("coping-on-my-own", "A walk by the canal with my headphones <loud>", patient,
            "Fatima Nwosu"),
        new SharingFixtures.Words("warning-signs", "I stop eating", patient, "Fatima Nwosu"));
    return new World(patient, encounter, nurse, sister, consent, create(draft));
  }
}
