package org.parity.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * Every example in the Parity package validates (or fails) as its name says, through the server's own
 * {@code $validate}; and every profile has at least one valid and one invalid example.
 * Example ids start with {@code valid-} or {@code invalid-}.
 */
class PackageExamplesTest extends H2ServerTest {

  record Example(String file, String type, String id, List<String> profiles, String json) {}

  static List<Example> examples() throws IOException {
    try (InputStream in = PackageExamplesTest.class.getResourceAsStream("/org/parity/profiles/package.tgz")) {
      NpmPackage npm = NpmPackage.fromPackage(in);
      ObjectMapper mapper = new ObjectMapper();
      List<Example> examples = new ArrayList<>();
      for (String file : npm.list("example")) {
        if (!file.endsWith(".json") || file.startsWith(".")) {
          continue;
        }
        try (InputStream entry = npm.load("example", file)) {
          String json = new String(entry.readAllBytes(), StandardCharsets.UTF_8);
          JsonNode node = mapper.readTree(json);
          List<String> profiles = new ArrayList<>();
          node.path("meta").path("profile").forEach(p -> profiles.add(p.asText()));
          examples.add(new Example(file, node.path("resourceType").asText(), node.path("id").asText(), profiles, json));
        }
      }
      return examples;
    }
  }

  @TestFactory
  Stream<DynamicTest> eachExampleValidatesAsNamed() throws IOException {
    return examples().stream().map(example -> DynamicTest.dynamicTest(example.file(), () -> {
      Http.Response response = Http.postJson(fhirBase() + "/" + example.type() + "/$validate", example.json());
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      List<JsonNode> errors = new ArrayList<>();
      response.json().path("issue").forEach(issue -> {
        String severity = issue.path("severity").asText();
        if (severity.equals("error") || severity.equals("fatal")) {
          errors.add(issue);
        }
      });
      if (example.id().startsWith("valid-")) {
        assertThat(errors).as(response.body()).isEmpty();
      } else {
        assertThat(example.id()).startsWith("invalid-");
        assertThat(errors).as(response.body()).isNotEmpty();
        // Each failure names the element it is about.
        assertThat(errors).allSatisfy(issue ->
            assertThat(issue.path("expression").size() + issue.path("location").size()).isPositive());
      }
    }));
  }

  @Test
  void everyProfileHasAValidAndAnInvalidExample() throws IOException {
    List<Example> examples = examples();
    Set<String> valid = new HashSet<>();
    Set<String> invalid = new HashSet<>();
    for (Example example : examples) {
      (example.id().startsWith("valid-") ? valid : invalid).addAll(example.profiles());
    }
    Http.Response definitions = Http.get(fhirBase()
        + "/StructureDefinition?url:below=" + ParityPackage.CANONICAL_BASE + "&derivation=constraint&kind=resource&_count=200");
    List<String> profileUrls = new ArrayList<>();
    definitions.json().path("entry").forEach(e -> profileUrls.add(e.path("resource").path("url").asText()));
    assertThat(profileUrls).isNotEmpty();
    assertThat(valid).containsAll(profileUrls);
    assertThat(invalid).containsAll(profileUrls);
  }

  @Test
  void packageSearchParametersAreInstalledAndUsable() {
    Http.Response parameter = Http.get(fhirBase() + "/SearchParameter?url="
        + ParityPackage.CANONICAL_BASE + "/SearchParameter/location-physical-type");
    assertThat(parameter.json().path("entry")).hasSize(1);
    Http.Response beds = Http.get(fhirBase() + "/Location?physical-type=bd&_summary=count");
    assertThat(beds.status()).isEqualTo(200);
    assertThat(beds.json().path("total").asInt()).isGreaterThanOrEqualTo(24);
  }
}
