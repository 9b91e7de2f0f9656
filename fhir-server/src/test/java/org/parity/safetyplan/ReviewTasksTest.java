package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.parity.safetyplan.ReviewCodes.Reason;

/** Adding a reason to an open review Task (no server). */
class ReviewTasksTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aSoonerTransitionBringsTheReviewForwardAndEachReasonIsListedOnce() {
    Task task = new Task();
    ReviewTasks.addReason(task, new ReviewTasks.Trigger(Reason.REVIEW_DATE, "CarePlan/1", NOW.plusSeconds(90 * 86400)));
    ReviewTasks.addReason(task, new ReviewTasks.Trigger(Reason.TRANSFER, "Encounter/2", NOW.plusSeconds(24 * 3600)));
    ReviewTasks.addReason(task, new ReviewTasks.Trigger(Reason.LEAVE, "Encounter/2", NOW.plusSeconds(30 * 3600)));
    ReviewTasks.addReason(task, new ReviewTasks.Trigger(Reason.TRANSFER, "Encounter/2", NOW.plusSeconds(48 * 3600)));

    assertThat(task.getRestriction().getPeriod().getEnd()).isEqualTo(Date.from(NOW.plusSeconds(24 * 3600)));
    assertThat(task.getReasonCode().getCoding()).extracting(c -> c.getCode())
        .containsExactly("review-date", "transfer", "leave");
    assertThat(task.getReasonCode().getText()).isEqualTo("Review date reached; Transfer to another ward; Leave from the ward");
    assertThat(task.getInput()).extracting(i -> i.getType().getCodingFirstRep().getCode())
        .containsExactly("review-date", "transfer", "leave");
  }
}
