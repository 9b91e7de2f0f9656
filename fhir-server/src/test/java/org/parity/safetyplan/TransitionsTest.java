package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parity.safetyplan.ReviewCodes.Reason;
import org.parity.safetyplan.Transitions.Stay;
import org.parity.safetyplan.Transitions.Transition;

/** Which transition of an inpatient stay happened, from two versions of its Encounter (no server). */
class TransitionsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant EARLIER = Instant.parse("2026-11-27T08:30:00Z");
  private static final Stay ON_WILLOW = new Stay("in-progress", "Location/willow", null, null);

  @Test
  void aNewActiveWardIsATransferAtTheNewWardsStart() {
    assertThat(Transitions.between(ON_WILLOW, new Stay("in-progress", "Location/cedar", EARLIER, null), NOW))
        .containsExactly(new Transition(Reason.TRANSFER, EARLIER));
    assertThat(Transitions.between(ON_WILLOW, new Stay("in-progress", "Location/cedar", null, null), NOW))
        .containsExactly(new Transition(Reason.TRANSFER, NOW));
  }

  @Test
  void theSameWardOrNoWardBeforeOrAfterIsNoTransfer() {
    assertThat(Transitions.between(ON_WILLOW, new Stay("in-progress", "Location/willow", EARLIER, null), NOW))
        .isEmpty();
    assertThat(Transitions.between(new Stay("in-progress", null, null, null), ON_WILLOW, NOW)).isEmpty();
    assertThat(Transitions.between(ON_WILLOW, new Stay("in-progress", null, null, null), NOW)).isEmpty();
  }

  @Test
  void goingOnLeaveIsLeaveNow() {
    assertThat(Transitions.between(ON_WILLOW, new Stay("onleave", "Location/willow", null, null), NOW))
        .containsExactly(new Transition(Reason.LEAVE, NOW));
    // Still on leave, or back from leave: nothing new.
    Stay onLeave = new Stay("onleave", "Location/willow", null, null);
    assertThat(Transitions.between(onLeave, onLeave, NOW)).isEmpty();
    assertThat(Transitions.between(onLeave, ON_WILLOW, NOW)).isEmpty();
  }

  @Test
  void finishingIsDischargeAtThePeriodEndEvenFromLeave() {
    Stay discharged = new Stay("finished", null, null, EARLIER);
    assertThat(Transitions.between(ON_WILLOW, discharged, NOW))
        .containsExactly(new Transition(Reason.DISCHARGE, EARLIER));
    assertThat(Transitions.between(new Stay("onleave", "Location/willow", null, null), discharged, NOW))
        .containsExactly(new Transition(Reason.DISCHARGE, EARLIER));
    assertThat(Transitions.between(ON_WILLOW, new Stay("finished", "Location/willow", null, null), NOW))
        .containsExactly(new Transition(Reason.DISCHARGE, NOW));
  }

  @Test
  void aDischargeThatAlsoChangesTheWardIsOnlyADischarge() {
    assertThat(Transitions.between(ON_WILLOW, new Stay("finished", "Location/cedar", EARLIER, EARLIER), NOW))
        .extracting(Transition::reason).containsExactly(Reason.DISCHARGE);
  }

  @Test
  void aTransferOntoLeaveIsBoth() {
    assertThat(Transitions.between(ON_WILLOW, new Stay("onleave", "Location/cedar", EARLIER, null), NOW))
        .containsExactly(new Transition(Reason.TRANSFER, EARLIER), new Transition(Reason.LEAVE, NOW));
  }

  @Test
  void correctionsOfAStayNotUnderWayPromptNothing() {
    for (String status : List.of("finished", "cancelled", "entered-in-error", "planned")) {
      Stay before = new Stay(status, "Location/willow", null, null);
      assertThat(Transitions.between(before, new Stay("finished", "Location/cedar", null, NOW), NOW)).as(status)
          .isEmpty();
    }
    assertThat(Transitions.between(null, new Stay("finished", null, null, NOW), NOW)).isEmpty();
  }
}
