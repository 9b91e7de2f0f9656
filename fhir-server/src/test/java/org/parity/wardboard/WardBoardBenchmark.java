package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * {@code $ward-board} for a full 24-bed ward, every patient admitted 30 days ago with a set of vital signs every
 * 4 hours (charted as transactions, so the server derives each NEWS2 total and its next-observations Task), fluids
 * charted every day, a closed Flag a day, and open Tasks and Flags now. Tag "benchmark": run on purpose, figures in docs/performance.md.
 */
@Tag("benchmark")
class WardBoardBenchmark extends H2ServerTest {

  // 24 beds and 30 days as issue 5 asks; smaller runs for a busy machine: -Dparity.board.beds=… -Dparity.board.days=…
  static final int BEDS = Integer.getInteger("parity.board.beds", 24);
  static final int DAYS = Integer.getInteger("parity.board.days", 30);
  static final int SETS_PER_DAY = 6;
  static final int FLUIDS_PER_DAY = 4;
  static final int WARM_UP = 20;
  static final int RUNS = 100;
  static final String LOINC = "http://loinc.org";
  static final String SNOMED = "http://snomed.info/sct";

  @Test
  void fullWardThirtyDays() throws IOException {
    BoardFixtures make = new BoardFixtures(fhirBase(), fhirContext);
    Instant now = Instant.now();
    Instant admitted = now.minus(Duration.ofDays(DAYS));
    String ward = make.ward("Benchmark ward");
    long setup = System.nanoTime();
    int stored = 0;
    for (int b = 1; b <= BEDS; b++) {
      String bed = make.bed(ward, String.format("Bed %02d", b));
      String patient = make.patient("Bench" + b);
      String encounter = make.admit(patient, ward, bed, admitted);
      List<Resource> batch = new ArrayList<>();
      for (int d = 0; d < DAYS; d++) {
        Instant day = admitted.plus(Duration.ofDays(d));
        // One FHIR transaction per patient-day: the server scores each set (NEWS2 total Observation), completes
        // the open news2-observations Task and opens the next, and raises or closes the escalation Flag.
        List<Resource> sets = new ArrayList<>();
        for (int s = 0; s < SETS_PER_DAY; s++) {
          sets.addAll(vitalSigns(patient, encounter, day.plus(Duration.ofHours(4L * s)).plusSeconds(60), b + d + s));
        }
        stored += send(make, sets, "transaction");
        batch.add(BoardFixtures.flag(patient, encounter, "Weight overdue (closed)", false));
        for (int f = 0; f < FLUIDS_PER_DAY; f++) {
          batch.add(BoardFixtures.fluid(patient, encounter, f % 4 != 3, 200, day.plus(Duration.ofHours(5L * f + 1))));
        }
        if (batch.size() >= 100) {
          stored += send(make, batch, "batch");
        }
      }
      // What is open now: one overdue, one due soon, one due later; an active Flag on every third bed.
      batch.add(BoardFixtures.task(patient, encounter, "phr-completed", "Complete the physical health review",
          now.minus(Duration.ofMinutes(b)), Task.TaskStatus.REQUESTED));
      batch.add(BoardFixtures.task(patient, encounter, "news2-observations", "NEWS2 observations due",
          now.plus(Duration.ofMinutes(30 + b)), Task.TaskStatus.REQUESTED));
      batch.add(BoardFixtures.task(patient, encounter, "weight-weekly", "Weigh the patient",
          now.plus(Duration.ofDays(3)), Task.TaskStatus.REQUESTED));
      for (int f = 0; f < 3; f++) {
        batch.add(BoardFixtures.fluid(patient, encounter, true, 150, now.minus(Duration.ofMinutes(10 + f))));
      }
      if (b % 3 == 0) {
        batch.add(BoardFixtures.flag(patient, encounter, "Physical health review overdue", true));
      }
      stored += send(make, batch, "batch");
    }
    double setupSeconds = (System.nanoTime() - setup) / 1e9;

    String url = fhirBase() + "/" + ward + "/$ward-board";
    Http.Response first = Http.get(url);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(WardBoardOperationTest.all(first.json(), "inpatient")).hasSize(BEDS);
    for (int i = 0; i < WARM_UP; i++) {
      assertThat(Http.get(url).status()).isEqualTo(200);
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      Http.Response response = Http.get(url);
      millis.add((System.nanoTime() - t0) / 1e6);
      assertThat(response.status()).isEqualTo(200);
    }
    Collections.sort(millis);
    String report = String.format(
        "$ward-board, %d beds, %d-day admissions, %d resources stored (set-up %.0f s), response %d bytes%n"
            + "round trip over loopback HTTP, %d runs after %d warm-up (median / p95 / max ms): %.1f / %.1f / %.1f%n",
        BEDS, DAYS, stored, setupSeconds, first.body().length(), RUNS, WARM_UP,
        millis.get(RUNS / 2), millis.get((int) Math.ceil(RUNS * 0.95) - 1), millis.get(RUNS - 1));
    System.out.print(report);
    Path out = Path.of("target", "benchmarks", "ward-board.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  /** Sends the resources as one Bundle of this type (the test server's request size limit is small: keep it short). */
  private int send(BoardFixtures make, List<Resource> resources, String type) {
    int count = resources.size();
    if (count == 0) {
      return 0;
    }
    StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[");
    for (int i = 0; i < count; i++) {
      Resource r = resources.get(i);
      bundle.append(i == 0 ? "" : ",").append("{\"fullUrl\":\"urn:uuid:").append(java.util.UUID.randomUUID())
          .append("\",\"resource\":").append(make.json(r))
          .append(",\"request\":{\"method\":\"POST\",\"url\":\"").append(r.fhirType()).append("\"}}");
    }
    bundle.append("]}");
    Http.Response response = Http.postJson(fhirBase(), bundle.toString());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("\"status\":\"4");
    resources.clear();
    return count;
  }

  /** A complete set of vital signs (UK Core codes, clinical-reference §1.4), as the NEWS2 derivation reads them. */
  private static List<Resource> vitalSigns(String patient, String encounter, Instant at, int seed) {
    List<Resource> set = new ArrayList<>();
    set.add(vital(patient, encounter, at, "9279-1", "86290005", "Respiratory rate", 14 + seed % 6, "/min"));
    set.add(vital(patient, encounter, at, "2708-6", "103228002", "Oxygen saturation", 94 + seed % 5, "%"));
    set.add(vital(patient, encounter, at, "8867-4", "364075005", "Heart rate", 60 + seed % 40, "/min"));
    set.add(vital(patient, encounter, at, "8310-5", "276885007", "Body temperature", 36.5 + (seed % 10) / 10.0, "Cel"));
    Observation bp = vital(patient, encounter, at, "85354-9", "75367002", "Blood pressure", null, null);
    bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8480-6", "Systolic blood pressure")))
        .setValue(quantity(110 + seed % 30, "mm[Hg]"));
    bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8462-4", "Diastolic blood pressure")))
        .setValue(quantity(70 + seed % 15, "mm[Hg]"));
    set.add(bp);
    Observation acvpu = vital(patient, encounter, at, null, "1104441000000107", "ACVPU", null, null);
    acvpu.setValue(new CodeableConcept(new Coding(SNOMED, "248234008", "Mentally alert")));
    set.add(acvpu);
    Observation air = vital(patient, encounter, at, null, "722742002", "Breathing room air", null, null);
    set.add(air);
    return set;
  }

  private static Observation vital(String patient, String encounter, Instant at, String loinc, String snomed,
      String text, Number value, String unit) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
        "vital-signs", "Vital Signs")));
    CodeableConcept code = new CodeableConcept().setText(text);
    if (loinc != null) {
      code.addCoding(new Coding(LOINC, loinc, text));
    }
    code.addCoding(new Coding(SNOMED, snomed, text));
    o.setCode(code);
    o.setSubject(new Reference(patient));
    o.setEncounter(new Reference(encounter));
    o.setEffective(BoardFixtures.time(at));
    if (value != null) {
      o.setValue(quantity(value, unit));
    }
    return o;
  }

  private static Quantity quantity(Number value, String unit) {
    return new Quantity().setValue(new BigDecimal(value.toString())).setUnit(unit)
        .setSystem("http://unitsofmeasure.org").setCode(unit);
  }
}
