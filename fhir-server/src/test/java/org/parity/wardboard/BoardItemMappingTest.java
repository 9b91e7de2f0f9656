package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which Tasks and Flags are on a board, and what of them the board keeps. */
class BoardItemMappingTest {

  static final String SYSTEM = "https://parity-epr.org/fhir/CodeSystem/deadline";
  static final Instant DUE = Instant.parse("2026-03-29T00:30:00Z");

  static Task task(Task.TaskStatus status, String encounter) {
    Task task = new Task();
    task.setId("Task/t1/_history/3");
    task.setStatus(status);
    task.setCode(new CodeableConcept(new Coding(SYSTEM, "news2-observations", "NEWS2 observations")));
    task.setEncounter(new Reference(encounter));
    task.getRestriction().getPeriod().setEnd(Date.from(DUE));
    return task;
  }

  @ParameterizedTest
  @EnumSource(value = Task.TaskStatus.class, names = {"REQUESTED", "READY", "INPROGRESS"})
  void anOpenTaskOfAnAdmissionIsOnTheBoard(Task.TaskStatus status) {
    Task task = task(status, "Encounter/e7");
    task.addInput().setType(new CodeableConcept().setText("NEWS2"))
        .setValue(new Reference("Observation/o9/_history/1"));
    BoardItem item = BoardItemMapping.of(task).orElseThrow();
    assertThat(item).isEqualTo(new BoardItem("Task", "t1", "e7", status.toCode(), SYSTEM, "news2-observations",
        "NEWS2 observations", "NEWS2 observations", DUE, "Observation/o9"));
  }

  @ParameterizedTest
  @EnumSource(value = Task.TaskStatus.class, names = {"REQUESTED", "READY", "INPROGRESS"},
      mode = EnumSource.Mode.EXCLUDE)
  void aTaskNotYetOpenOrFinishedIsNot(Task.TaskStatus status) {
    assertThat(BoardItemMapping.of(task(status, "Encounter/e7"))).isEmpty();
  }

  @Test
  void aTaskWithoutALocalAdmissionIsNot() {
    assertThat(BoardItemMapping.of(task(Task.TaskStatus.REQUESTED, null))).isEmpty();
    assertThat(BoardItemMapping.of(task(Task.TaskStatus.REQUESTED, "https://other.example/fhir/Encounter/e7")))
        .isEmpty();
    assertThat(BoardItemMapping.of(task(Task.TaskStatus.REQUESTED, "EpisodeOfCare/e7"))).isEmpty();
  }

  @Test
  void theDescriptionIsShownFirstThenTheCodeText() {
    Task task = task(Task.TaskStatus.REQUESTED, "Encounter/e7");
    task.getCode().setText("Observations due");
    assertThat(BoardItemMapping.of(task).orElseThrow().text()).isEqualTo("Observations due");
    task.setDescription("Repeat the set");
    assertThat(BoardItemMapping.of(task).orElseThrow().text()).isEqualTo("Repeat the set");
    task.getRestriction().getPeriod().setEnd(null);
    assertThat(BoardItemMapping.of(task).orElseThrow().at()).isNull();
  }

  @Test
  void anActiveFlagOfAnAdmissionIsOnTheBoardAndNoOtherFlagIs() {
    Flag flag = new Flag();
    flag.setId("Flag/f2");
    flag.setStatus(Flag.FlagStatus.ACTIVE);
    flag.setCode(new CodeableConcept(new Coding(SYSTEM, "deadline-overdue", "Deadline overdue")).setText("VTE late"));
    flag.setEncounter(new Reference("Encounter/e7"));
    flag.getPeriod().setStart(Date.from(DUE));
    assertThat(BoardItemMapping.of(flag)).contains(new BoardItem("Flag", "f2", "e7", "active", SYSTEM,
        "deadline-overdue", "Deadline overdue", "VTE late", DUE, null));
    flag.setStatus(Flag.FlagStatus.INACTIVE);
    assertThat(BoardItemMapping.of(flag)).isEmpty();
    flag.setStatus(Flag.FlagStatus.ACTIVE);
    flag.setEncounter(null);
    assertThat(BoardItemMapping.of(flag)).isEmpty();
  }

  @Test
  void aFluidEntryIsKeptWithItsAdmissionAndAVitalSignIsNot() {
    org.hl7.fhir.r4.model.Observation intake = BoardFixtures.fluid("Patient/p1", "Encounter/e7", true, 250, DUE);
    intake.setId("Observation/o3/_history/2");
    BoardFluid fluid = BoardItemMapping.fluid(intake).orElseThrow();
    assertThat(fluid.encounterId()).isEqualTo("e7");
    assertThat(fluid.entry()).isEqualTo(org.parity.fluidbalance.FluidEntry.intake("Observation/o3", DUE, 250));
    intake.setEncounter(null);
    assertThat(BoardItemMapping.fluid(intake)).isEmpty();
    org.hl7.fhir.r4.model.Observation score = BoardFixtures.news2("Patient/p1", "Encounter/e7", DUE, 1,
        java.util.List.of(1, 0, 0, 0, 0, 0, 0));
    assertThat(BoardItemMapping.fluid(score)).isEmpty();
  }

  @Test
  void otherResourcesAreNot() {
    assertThat(BoardItemMapping.of(new Patient())).isEmpty();
  }
}
