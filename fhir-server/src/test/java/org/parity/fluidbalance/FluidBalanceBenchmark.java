package org.parity.fluidbalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * {@code $fluid-balance} over a 30-day admission charted at 40 entries a day, and the cost of charting
 * one entry (a validated write). Tag "benchmark": run on purpose, figures in docs/performance.md.
 */
@Tag("benchmark")
class FluidBalanceBenchmark extends H2ServerTest {

  static final int DAYS = 30;
  static final int ENTRIES_PER_DAY = 40;
  static final int RUNS = 50;

  private String json(org.hl7.fhir.r4.model.Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  @Test
  void thirtyDayAdmission() throws IOException {
    String ward = Http.postJson(fhirBase() + "/Location", json(Fixtures.ward("BEN01", "Benchmark ward"))).json().path("id").asText();
    String patient = "Patient/" + Http.postJson(fhirBase() + "/Patient", json(Fixtures.patient(Fixtures.nhsNumber(), "Bench")))
        .json().path("id").asText();
    var admission = Fixtures.inpatientEncounter(patient, "Location/" + ward);
    ChartSettings chart = ChartSettings.defaults();
    LocalDate today = ChartDays.chartDayOf(Instant.now(), chart);
    LocalDate first = today.minusDays(DAYS);
    admission.getPeriod().setStart(java.util.Date.from(ChartDays.start(first, chart).toInstant()));
    String encounter = "Encounter/" + Http.postJson(fhirBase() + "/Encounter", json(admission)).json().path("id").asText();

    FluidBalanceOperationTest entries = new FluidBalanceOperationTest();
    entries.patient = patient;
    entries.encounter = encounter;
    List<Double> writes = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      ZonedDateTime start = ChartDays.start(first.plusDays(d), chart);
      StringBuilder batch = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
      for (int i = 0; i < ENTRIES_PER_DAY; i++) {
        ZonedDateTime at = start.plusMinutes(i * 34L);
        String body = i % 3 == 0 ? entries.urine(120.0, at) : entries.intake(150, "mL", at);
        if (d == 0 && i < 20) {
          // The first 20 entries are single validated writes, timed.
          long t0 = System.nanoTime();
          assertThat(Http.postJson(fhirBase() + "/Observation", body).status()).isEqualTo(201);
          writes.add((System.nanoTime() - t0) / 1e6);
          continue;
        }
        batch.append(batch.charAt(batch.length() - 1) == '[' ? "" : ",")
            .append("{\"resource\":").append(body).append(",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
      }
      batch.append("]}");
      Http.Response response = Http.postJson(fhirBase(), batch.toString());
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(response.body()).doesNotContain("\"422");
    }
    // Timed single writes on a fully charted admission.
    for (int i = 0; i < 80; i++) {
      String body = entries.intake(100, "mL", ZonedDateTime.now(chart.zone()).minusMinutes(5));
      long t0 = System.nanoTime();
      assertThat(Http.postJson(fhirBase() + "/Observation", body).status()).isEqualTo(201);
      writes.add((System.nanoTime() - t0) / 1e6);
    }

    String url = fhirBase() + "/" + patient + "/$fluid-balance?start=" + first + "&end=" + today;
    for (int i = 0; i < 5; i++) {
      assertThat(Http.get(url).status()).isEqualTo(200);
    }
    List<Double> whole = time(url);
    List<Double> oneDay = time(fhirBase() + "/" + patient + "/$fluid-balance?date=" + today.minusDays(1));
    List<Double> trend = time(url + "&hours=false");

    Collections.sort(writes);
    String report = String.format(
        "$fluid-balance, %d-day admission, %d entries/day, all %d days (median / p90 ms): %.1f / %.1f%n"
            + "$fluid-balance, same admission, one day (median / p90 ms): %.1f / %.1f%n"
            + "$fluid-balance, all days, hours=false (trend; median / p90 ms): %.1f / %.1f%n"
            + "charting one entry, validated write (median / p99 ms, %d writes): %.1f / %.1f%n",
        DAYS, ENTRIES_PER_DAY, DAYS + 1, whole.get(RUNS / 2), whole.get(RUNS * 9 / 10),
        oneDay.get(RUNS / 2), oneDay.get(RUNS * 9 / 10), trend.get(RUNS / 2), trend.get(RUNS * 9 / 10),
        writes.size(), writes.get(writes.size() / 2), writes.get((int) Math.ceil(writes.size() * 0.99) - 1));
    System.out.print(report);
    Path out = Path.of("target", "benchmarks", "fluid-balance.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  private List<Double> time(String url) {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      assertThat(Http.get(url).status()).isEqualTo(200);
      millis.add((System.nanoTime() - t0) / 1e6);
    }
    Collections.sort(millis);
    return millis;
  }
}
