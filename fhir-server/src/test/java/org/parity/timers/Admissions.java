package org.parity.timers;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.parity.support.Fixtures;
import org.parity.support.Http;
import org.springframework.context.ConfigurableApplicationContext;

/** Test helpers for servers started by hand (restart, two instances): admit over HTTP, read Tasks, Flags, history. */
final class Admissions {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final String DEADLINE = "https://parity-epr.org/fhir/CodeSystem/deadline";

  private Admissions() {}

  static String fhirBase(ConfigurableApplicationContext context) {
    return "http://localhost:" + context.getEnvironment().getProperty("local.server.port") + "/fhir";
  }

  static String create(String base, Resource resource) {
    Http.Response response = Http.postJson(base + "/" + resource.fhirType(),
        FHIR.newJsonParser().encodeResourceToString(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  /** {patient, encounter} admitted so that the first NEWS2 set (1 h) is due {@code dueIn} from now. */
  static String[] admitWithNews2DueIn(String base, Duration dueIn) {
    String ward = create(base, Fixtures.ward("DR" + UUID.randomUUID().toString().substring(0, 3), "Timer ward"));
    String patient = create(base, Fixtures.patient(Fixtures.nhsNumber(), "Timer"));
    var admission = Fixtures.inpatientEncounter(patient, ward);
    admission.getPeriod().setStart(Date.from(Instant.now().minus(Duration.ofHours(1)).plus(dueIn)));
    return new String[] {patient, create(base, admission)};
  }

  static List<JsonNode> search(String base, String query) {
    Http.Response response = Http.get(base + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    response.json().path("entry").forEach(e -> found.add(e.path("resource")));
    return found;
  }

  static JsonNode news2Task(String base, String encounter) {
    List<JsonNode> tasks = search(base, "/Task?encounter=" + encounter + "&code=" + DEADLINE + "|news2-observations");
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  static String stage(JsonNode task) {
    for (JsonNode c : task.path("businessStatus").path("coding")) {
      return c.path("code").asText();
    }
    return task.path("businessStatus").path("text").asText();
  }

  /** Every version's stage, oldest first. */
  static List<String> stages(String base, JsonNode task) {
    List<String> stages = new ArrayList<>(search(base, "/Task/" + task.path("id").asText() + "/_history?_count=100")
        .stream().map(Admissions::stage).toList());
    java.util.Collections.reverse(stages);
    return stages;
  }

  static List<JsonNode> flags(String base, String patient) {
    return search(base, "/Flag?patient=" + patient + "&code=" + DEADLINE + "|deadline-overdue");
  }

  static void await(Duration atMost, java.util.function.BooleanSupplier condition) throws InterruptedException {
    Instant until = Instant.now().plus(atMost);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("not within " + atMost);
      }
      Thread.sleep(200);
    }
  }
}
