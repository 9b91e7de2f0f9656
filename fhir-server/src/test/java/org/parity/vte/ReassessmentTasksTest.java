package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Adding a reason to an open reassessment Task (no server). */
class ReassessmentTasksTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aSoonerTriggerBringsTheDueTimeForwardAndAReasonIsListedOnce() {
    Task task = new Task();
    ReassessmentTasks.addReason(task, new ReassessmentTasks.Trigger("admission", "Admission", "Encounter/1",
        NOW.plusSeconds(20 * 3600)));
    ReassessmentTasks.addReason(task, new ReassessmentTasks.Trigger("restraint", "Restrictive intervention",
        "Procedure/2", NOW.plusSeconds(4 * 3600)));
    ReassessmentTasks.addReason(task, new ReassessmentTasks.Trigger("restraint", "Restrictive intervention",
        "Procedure/3", NOW.plusSeconds(30 * 3600)));

    assertThat(task.getRestriction().getPeriod().getEnd()).isEqualTo(Date.from(NOW.plusSeconds(4 * 3600)));
    assertThat(task.getReasonCode().getCoding()).extracting(c -> c.getCode()).containsExactly("admission", "restraint");
    assertThat(task.getReasonCode().getText()).isEqualTo("Admission; Restrictive intervention");
    assertThat(task.getInput()).hasSize(3);
  }
}
