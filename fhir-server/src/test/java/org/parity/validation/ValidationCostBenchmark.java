package org.parity.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * The cost of Parity's validation per write, over real HTTP on the H2 test server: the same kind of
 * resource written with and without profile validation. Not part of the suite (tag "benchmark");
 * how to run it and the figures are in docs/performance.md.
 */
@Tag("benchmark")
class ValidationCostBenchmark extends H2ServerTest {

  static final int WARMUP = 30;
  static final int RUNS = 200;

  record Result(String name, double medianMs, double p90Ms) {}

  private Result measure(String name, String path, Supplier<Resource> resource) {
    String url = fhirBase() + path;
    for (int i = 0; i < WARMUP; i++) {
      assertThat(Http.postJson(url, json(resource.get())).status()).isEqualTo(201);
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String body = json(resource.get());
      long start = System.nanoTime();
      int status = Http.postJson(url, body).status();
      millis.add((System.nanoTime() - start) / 1e6);
      assertThat(status).isEqualTo(201);
    }
    Collections.sort(millis);
    return new Result(name, millis.get(RUNS / 2), millis.get(RUNS * 9 / 10));
  }

  private String json(Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  @Test
  void validationCostPerWrite() throws IOException {
    String ward = Http.postJson(fhirBase() + "/Location", json(Fixtures.ward("BENCH", "Benchmark ward")))
        .json().path("id").asText();
    String patient = Http.postJson(fhirBase() + "/Patient", json(Fixtures.patient(Fixtures.nhsNumber(), "Bench")))
        .json().path("id").asText();

    List<Result> results = List.of(
        measure("Patient, no profile claimed (NHS number check only)", "/Patient", () -> {
          Patient p = Fixtures.patient(Fixtures.nhsNumber(), "Bench");
          p.getMeta().getProfile().clear();
          return p;
        }),
        measure("Patient claiming parity-patient (profile validation)", "/Patient",
            () -> Fixtures.patient(Fixtures.nhsNumber(), "Bench")),
        measure("Encounter, ambulatory (not governed: no validation)", "/Encounter", () -> {
          Encounter e = Fixtures.inpatientEncounter("Patient/" + patient, "Location/" + ward);
          e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
          return e;
        }),
        measure("Encounter, inpatient (governed: parity-inpatient-encounter)", "/Encounter",
            () -> Fixtures.inpatientEncounter("Patient/" + patient, "Location/" + ward)));

    StringBuilder report = new StringBuilder();
    report.append(String.format("%-62s %10s %10s%n", "write (POST, " + RUNS + " runs after " + WARMUP + " warm-up)",
        "median ms", "p90 ms"));
    for (Result r : results) {
      report.append(String.format("%-62s %10.1f %10.1f%n", r.name(), r.medianMs(), r.p90Ms()));
    }
    System.out.print(report);
    Path out = Path.of("target", "benchmarks", "validation-cost.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }
}
