package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/** {@code Location/[ward]/$ward-board} over real HTTP (H2, sign-in off). */
class WardBoardOperationTest extends H2ServerTest {

  BoardFixtures make;
  String ward;
  Instant now;

  @BeforeEach
  void ward() {
    make = new BoardFixtures(fhirBase(), fhirContext);
    ward = make.ward("Rowan Ward");
    now = Instant.now();
  }

  private JsonNode board(String wardRef) {
    Http.Response response = Http.get(fhirBase() + "/" + wardRef + "/$ward-board");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("Parameters");
    // Where the server's time went, for operators and the benchmark (W3C Server-Timing).
    assertThat(response.headers().firstValue("Server-Timing").orElse(""))
        // The searches run side by side, so they finish in any order; the total comes last.
        .matches("ward;dur=[0-9.]+, .*total;dur=[0-9.]+").contains("admissions;dur=")
        .contains("items;dur=").contains("news2;dur=").contains("fluids;dur=");
    return response.json();
  }

  static List<JsonNode> all(JsonNode node, String name) {
    List<JsonNode> found = new ArrayList<>();
    JsonNode list = node.has("parameter") ? node.path("parameter") : node.path("part");
    list.forEach(p -> {
      if (name.equals(p.path("name").asText())) {
        found.add(p);
      }
    });
    return found;
  }

  static JsonNode one(JsonNode node, String name) {
    List<JsonNode> found = all(node, name);
    assertThat(found).as(name + " in " + node).hasSize(1);
    return found.get(0);
  }

  /** The inpatient row of a patient, or null when the patient is not on the board. */
  static JsonNode row(JsonNode board, String patientRef) {
    return all(board, "inpatient").stream()
        .filter(r -> one(r, "patient").path("valueReference").path("reference").asText().equals(patientRef))
        .findFirst().orElse(null);
  }

  @Test
  void everyCurrentInpatientWithTheirBedInBedOrderAndNobodyElse() {
    String bed2 = make.bed(ward, "Bed 2");
    String bed10 = make.bed(ward, "Bed 10");
    String bed1 = make.bed(ward, "Bed 1");
    String inBed10 = make.patient("Tenbed");
    String inBed2 = make.patient("Twobed");
    Instant admitted = now.minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    make.admit(inBed10, ward, bed10, admitted);
    make.admit(inBed2, ward, bed2, now.minus(Duration.ofHours(5)));
    // Discharged from bed 1: finished, locations completed.
    String discharged = make.patient("Discharged");
    Encounter gone = make.admission(discharged, ward, bed1, now.minus(Duration.ofDays(4)));
    gone.setStatus(Encounter.EncounterStatus.FINISHED);
    gone.getPeriod().setEnd(java.util.Date.from(now.minus(Duration.ofHours(2))));
    gone.getLocation().forEach(l -> l.setStatus(Encounter.EncounterLocationStatus.COMPLETED));
    make.create(gone);
    // Transferred out: the admission goes on, on another ward.
    String other = make.ward("Elm Ward");
    String transferred = make.patient("Transferred");
    Encounter moved = make.admission(transferred, ward, null, now.minus(Duration.ofDays(2)));
    moved.getLocationFirstRep().setStatus(Encounter.EncounterLocationStatus.COMPLETED);
    moved.addLocation().setLocation(new org.hl7.fhir.r4.model.Reference(other))
        .setStatus(Encounter.EncounterLocationStatus.ACTIVE)
        .setPhysicalType(org.parity.support.Fixtures.physicalType("wa"));
    make.create(moved);

    JsonNode board = board(ward);
    assertThat(one(board, "ward").path("valueReference").path("display").asText()).isEqualTo("Rowan Ward");
    List<JsonNode> rows = all(board, "inpatient");
    assertThat(rows).extracting(r -> one(r, "bed").path("valueReference").path("display").asText())
        .containsExactly("Bed 2", "Bed 10");
    JsonNode ten = rows.get(1);
    assertThat(one(ten, "patient").path("valueReference").path("reference").asText()).isEqualTo(inBed10);
    assertThat(one(ten, "patient").path("valueReference").path("display").asText()).isEqualTo("TENBED, Test");
    assertThat(one(ten, "bed").path("valueReference").path("reference").asText()).isEqualTo(bed10);
    assertThat(one(ten, "nhsNumber").path("valueString").asText()).matches("999\\d{7}");
    assertThat(java.time.OffsetDateTime.parse(one(ten, "admitted").path("valueDateTime").asText()).toInstant())
        .isEqualTo(admitted);
    assertThat(row(board, discharged)).isNull();
    assertThat(row(board, transferred)).isNull();
    assertThat(row(board(other), transferred)).isNotNull();
  }

  @Test
  void openTasksOfTheAdmissionWithTheirStateNow() {
    String patient = make.patient("Tasks");
    String old = make.create(make.admission(patient, ward, null, now.minus(Duration.ofDays(60))));
    String encounter = make.admit(patient, ward, make.bed(ward, "Bed 3"), now.minus(Duration.ofDays(1)));
    String overdue = make.create(BoardFixtures.task(patient, encounter, "phr-started",
        "Start the physical health review", now.minus(Duration.ofMinutes(20)), Task.TaskStatus.REQUESTED));
    String soon = make.create(BoardFixtures.task(patient, encounter, "vte-assessment",
        "VTE risk assessment", now.plus(Duration.ofMinutes(40)), Task.TaskStatus.REQUESTED));
    String later = make.create(BoardFixtures.task(patient, encounter, "phr-completed",
        "Complete the physical health review", now.plus(Duration.ofDays(5)), Task.TaskStatus.INPROGRESS));
    String noAdmission = make.create(BoardFixtures.task(patient, null, "safety-plan-review",
        "Review the safety plan", now.plus(Duration.ofDays(2)), Task.TaskStatus.READY));
    make.create(BoardFixtures.task(patient, encounter, "weight-weekly", "Weigh", now.minus(Duration.ofHours(1)),
        Task.TaskStatus.COMPLETED));
    make.create(BoardFixtures.task(patient, old, "weight-weekly", "Weigh (earlier admission)",
        now.minus(Duration.ofDays(50)), Task.TaskStatus.REQUESTED));

    JsonNode row = row(board(ward), patient);
    // The server's own VTE reassessment Task for the admission (org.parity.vte) is on the board too.
    List<JsonNode> all = all(row, "task");
    assertThat(all).extracting(t -> one(t, "code").path("valueCoding").path("code").asText())
        .contains("vte-reassessment");
    // The admission also opened the server's own deadline Tasks (org.parity.timers): look at the ones made here.
    java.util.Set<String> mine = java.util.Set.of(overdue, soon, later, noAdmission);
    List<JsonNode> tasks = all.stream().filter(t -> mine.contains(one(t, "task").path("valueReference")
        .path("reference").asText())).toList();
    // A Task that names no admission is not on the ward's board (the board is searched by the ward's admissions).
    assertThat(tasks).extracting(t -> one(t, "task").path("valueReference").path("reference").asText())
        .containsExactly(overdue, soon, later);
    assertThat(tasks).extracting(t -> one(t, "state").path("valueCode").asText())
        .containsExactly("overdue", "due-soon", "due");
    JsonNode first = tasks.get(0);
    assertThat(one(first, "code").path("valueCoding").path("code").asText()).isEqualTo("phr-started");
    assertThat(one(first, "description").path("valueString").asText()).isEqualTo("Start the physical health review");
    assertThat(one(first, "due").path("valueDateTime").asText()).matches(".*[+-]\\d\\d:\\d\\d|.*Z");
    assertThat(one(tasks.get(2), "status").path("valueCode").asText()).isEqualTo("in-progress");
  }

  /** A change to a Task or a Flag shows on the very next board (nothing is kept between boards). */
  @Test
  void aChangedTaskOrFlagShowsOnTheNextBoard() {
    String patient = make.patient("Changes");
    String encounter = make.admit(patient, ward, make.bed(ward, "Bed 9"), now.minus(Duration.ofDays(1)));
    Task task = BoardFixtures.task(patient, encounter, "weight-weekly", "Weigh the patient",
        now.plus(Duration.ofHours(3)), Task.TaskStatus.REQUESTED);
    String taskRef = make.create(task);
    org.hl7.fhir.r4.model.Flag flag = BoardFixtures.flag(patient, encounter, "Weight overdue", true);
    String flagRef = make.create(flag);
    java.util.function.Supplier<List<String>> descriptions = () -> all(row(board(ward), patient), "task").stream()
        .filter(t -> one(t, "task").path("valueReference").path("reference").asText().equals(taskRef))
        .map(t -> one(t, "description").path("valueString").asText()).toList();
    assertThat(descriptions.get()).containsExactly("Weigh the patient");
    assertThat(all(row(board(ward), patient), "flag")).hasSize(1);

    task.setId(taskRef);
    task.setDescription("Weigh the patient before breakfast");
    assertThat(Http.putJson(fhirBase() + "/" + taskRef, make.json(task)).status()).isEqualTo(200);
    assertThat(descriptions.get()).containsExactly("Weigh the patient before breakfast");
    task.setStatus(Task.TaskStatus.COMPLETED);
    assertThat(Http.putJson(fhirBase() + "/" + taskRef, make.json(task)).status()).isEqualTo(200);
    assertThat(descriptions.get()).isEmpty();
    flag.setId(flagRef);
    flag.setStatus(org.hl7.fhir.r4.model.Flag.FlagStatus.INACTIVE);
    assertThat(Http.putJson(fhirBase() + "/" + flagRef, make.json(flag)).status()).isEqualTo(200);
    assertThat(all(row(board(ward), patient), "flag")).isEmpty();
  }

  /** The open news2-observations Task as NEWS2 derivation opens it: its input names the score it was opened from. */
  private String nextSetDue(String patient, String encounter, String scoredFrom) {
    Task next = BoardFixtures.task(patient, encounter, "news2-observations", "NEWS2 observations due",
        now.plus(Duration.ofHours(1)), Task.TaskStatus.REQUESTED);
    next.addInput().setType(new org.hl7.fhir.r4.model.CodeableConcept().setText("NEWS2"))
        .setValue(new org.hl7.fhir.r4.model.Reference(scoredFrom));
    return make.create(next);
  }

  @Test
  void theLatestNews2IsTheScoreTheOpenObservationsTaskWasOpenedFromAndSaysWhetherItEscalates() {
    String patient = make.patient("Obs");
    String encounter = make.admit(patient, ward, make.bed(ward, "Bed 4"), now.minus(Duration.ofDays(2)));
    make.create(BoardFixtures.news2(patient, encounter, now.minus(Duration.ofHours(20)), 0, List.of(0, 0)));
    String newest = make.create(BoardFixtures.news2(patient, encounter, now.minus(Duration.ofMinutes(30)), 4,
        List.of(3, 1, 0)));
    nextSetDue(patient, encounter, newest);
    // A score from days ago still shows while its Task is open (the set is overdue, and the row says so).
    String quiet = make.patient("Quiet");
    String quietStay = make.admit(quiet, ward, make.bed(ward, "Bed 5"), now.minus(Duration.ofDays(5)));
    String old = make.create(BoardFixtures.news2(quiet, quietStay, now.minus(Duration.ofDays(2)), 1, List.of(1, 0)));
    nextSetDue(quiet, quietStay, old);
    // An incomplete set completes no Task: the board keeps the last score, and the observations stay due.
    make.create(BoardFixtures.news2(quiet, quietStay, now.minus(Duration.ofHours(1)), null, List.of()));
    // No scored set yet: no NEWS2 on the row.
    String fresh = make.patient("Fresh");
    make.admit(fresh, ward, make.bed(ward, "Bed 8"), now.minus(Duration.ofHours(2)));

    JsonNode board = board(ward);
    JsonNode news2 = one(row(board, patient), "news2");
    assertThat(one(news2, "observation").path("valueReference").path("reference").asText()).isEqualTo(newest);
    assertThat(one(news2, "score").path("valueInteger").asInt()).isEqualTo(4);
    assertThat(one(news2, "escalating").path("valueBoolean").asBoolean()).isTrue(); // 3 in one parameter

    JsonNode quietNews2 = one(row(board, quiet), "news2");
    assertThat(one(quietNews2, "observation").path("valueReference").path("reference").asText()).isEqualTo(old);
    assertThat(one(quietNews2, "score").path("valueInteger").asInt()).isEqualTo(1);
    assertThat(one(quietNews2, "escalating").path("valueBoolean").asBoolean()).isFalse();
    assertThat(all(row(board, fresh), "news2")).isEmpty();
  }

  @Test
  void onlyOpenFlagsAndTodaysFluids() {
    String patient = make.patient("Flags");
    String encounter = make.admit(patient, ward, make.bed(ward, "Bed 6"), now.minus(Duration.ofDays(2)));
    String open = make.create(BoardFixtures.flag(patient, encounter, "Physical health review not started", true));
    make.create(BoardFixtures.flag(patient, encounter, "VTE assessment overdue (closed)", false));
    String noFluids = make.patient("Dry");
    make.admit(noFluids, ward, make.bed(ward, "Bed 7"), now.minus(Duration.ofDays(2)));
    var chart = org.parity.fluidbalance.ChartSettings.defaults();
    Instant dayStart = org.parity.fluidbalance.ChartDays.start(
        org.parity.fluidbalance.ChartDays.chartDayOf(now, chart), chart).toInstant();
    Instant today = now.minus(Duration.ofMinutes(10)).isBefore(dayStart) ? dayStart : now.minus(Duration.ofMinutes(10));
    make.create(BoardFixtures.fluid(patient, encounter, true, 500, today));
    make.create(BoardFixtures.fluid(patient, encounter, true, 300, today));
    make.create(BoardFixtures.fluid(patient, encounter, false, 200, today));
    make.create(BoardFixtures.fluid(patient, encounter, true, 999, dayStart.minus(Duration.ofMinutes(5))));

    JsonNode board = board(ward);
    JsonNode row = row(board, patient);
    List<JsonNode> flags = all(row, "flag");
    assertThat(flags).hasSize(1);
    assertThat(one(flags.get(0), "flag").path("valueReference").path("reference").asText()).isEqualTo(open);
    assertThat(one(flags.get(0), "text").path("valueString").asText()).isEqualTo("Physical health review not started");
    JsonNode fluids = one(row, "fluids");
    assertThat(one(fluids, "intake").path("valueQuantity").path("value").asDouble()).isEqualTo(800.0);
    assertThat(one(fluids, "output").path("valueQuantity").path("value").asDouble()).isEqualTo(200.0);
    assertThat(one(fluids, "balance").path("valueQuantity").path("value").asDouble()).isEqualTo(600.0);
    assertThat(all(row(board, noFluids), "fluids")).isEmpty();
    assertThat(all(row(board, noFluids), "flag")).isEmpty();
  }

  @Test
  void aLocationThatIsNotAWardOrDoesNotExist() {
    String bed = make.bed(ward, "Bed 8");
    Http.Response notWard = Http.get(fhirBase() + "/" + bed + "/$ward-board");
    assertThat(notWard.status()).as(notWard.body()).isEqualTo(422);
    assertThat(notWard.issues()).contains("Location.physicalType").contains("not a ward");
    Http.Response missing = Http.get(fhirBase() + "/Location/no-such-ward/$ward-board");
    assertThat(missing.status()).as(missing.body()).isEqualTo(404);
  }

  @Test
  void anEmptyWardHasNoRows() {
    assertThat(all(board(ward), "inpatient")).isEmpty();
  }
}
