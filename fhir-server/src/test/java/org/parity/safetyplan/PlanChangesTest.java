package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parity.safetyplan.PlanChanges.Change;
import org.parity.safetyplan.PlanChanges.Plan;

/** What a new version of a safety plan means for its review Task (no server). */
class PlanChangesTest {

  private static final LocalDate DUE = LocalDate.parse("2027-02-27");

  private static Plan plan(String status, String reviewed) {
    return new Plan(status, DUE, reviewed, List.of());
  }

  @Test
  void becomingActiveFromNothingOrADraftIsActivation() {
    assertThat(PlanChanges.of(null, plan("active", null))).isEqualTo(Change.ACTIVATED);
    assertThat(PlanChanges.of(plan("draft", null), plan("active", null))).isEqualTo(Change.ACTIVATED);
  }

  @Test
  void aNewReviewedDateOnAnActivePlanIsAReview() {
    assertThat(PlanChanges.of(plan("active", null), plan("active", "2026-12-20T09:00:00+00:00")))
        .isEqualTo(Change.REVIEWED);
    assertThat(PlanChanges.of(plan("active", "2026-12-20T09:00:00+00:00"), plan("active", "2027-01-20T09:00:00+00:00")))
        .isEqualTo(Change.REVIEWED);
    assertThat(PlanChanges.of(plan("active", "2026-12-20T09:00:00+00:00"), plan("active", "2026-12-20T09:00:00+00:00")))
        .isEqualTo(Change.NONE);
  }

  @Test
  void anActivePlanEndingIsAnEndAndADraftEndingIsNothing() {
    for (String status : List.of("revoked", "completed", "entered-in-error")) {
      assertThat(PlanChanges.of(plan("active", null), plan(status, null))).as(status).isEqualTo(Change.ENDED);
      assertThat(PlanChanges.of(plan("draft", null), plan(status, null))).as(status).isEqualTo(Change.NONE);
    }
    assertThat(PlanChanges.of(null, plan("draft", null))).isEqualTo(Change.NONE);
    assertThat(PlanChanges.of(plan("draft", null), plan("draft", null))).isEqualTo(Change.NONE);
  }
}
