package org.parity.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parity.ParityApplication;
import org.parity.support.Fixtures;
import org.parity.support.Http;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What was written before a restart is there after it: the default H2 database is a file. */
class RestartPersistenceTest {

  @TempDir
  Path dataDir;

  private ConfigurableApplicationContext start() {
    // Arguments, not default properties: they must win over application.yaml.
    return new SpringApplicationBuilder(ParityApplication.class).run(
        "--server.port=0",
        // The default URL's form (a file database), pointed at a temporary folder.
        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("parity").toAbsolutePath(),
        "--parity.demo-data.enabled=false",
        // Persistence is the subject here; sign-in has its own tests.
        "--parity.security.enabled=false",
        "--logging.level.root=WARN");
  }

  private static String fhirBase(ConfigurableApplicationContext context) {
    return "http://localhost:" + context.getEnvironment().getProperty("local.server.port") + "/fhir";
  }

  @Test
  void recordsSurviveARestart() {
    String nhs = Fixtures.nhsNumber();
    String id;
    try (ConfigurableApplicationContext first = start()) {
      String patient = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\","
          + "\"value\":\"" + nhs + "\"}],\"name\":[{\"family\":\"Whitfield\",\"given\":[\"Ruth\"]}]}";
      Http.Response created = Http.postJson(fhirBase(first) + "/Patient", patient);
      assertThat(created.status()).isEqualTo(201);
      id = created.json().path("id").asText();
    }
    try (ConfigurableApplicationContext second = start()) {
      Http.Response read = Http.get(fhirBase(second) + "/Patient/" + id);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.json().path("identifier").get(0).path("value").asText()).isEqualTo(nhs);
      Http.Response search = Http.get(fhirBase(second) + "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs);
      assertThat(search.json().path("entry")).hasSize(1);
    }
  }
}
