package org.parity.timers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Deadline times and stages with an injected clock, including the days Europe/London changes its clocks. */
class DeadlinesTest {

  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final Duration HOUR = Duration.ofHours(1);

  static final Rule PHR_STARTED = new Rule("phr-started", "Physical health review started", Duration.ofHours(4), null,
      Stage.NOT_APPLICABLE, "QuestionnaireResponse", "status = 'completed'", null);
  static final Rule PHR_COMPLETED = new Rule("phr-completed", "Physical health review completed", Duration.ofDays(7),
      null, Stage.OVERDUE, "QuestionnaireResponse", "status = 'completed'", null);
  static final Rule WEIGHT = new Rule("weight-weekly", "Weight weekly", Duration.ofDays(7), Duration.ofDays(7),
      Stage.NOT_APPLICABLE, "Observation", "status = 'final'", null);

  static Instant london(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), LONDON).toInstant();
  }

  @Test
  void dueTimesAreElapsedTimeFromTheAdmissionStart() {
    Instant start = london("2026-06-10T09:30");
    assertThat(Deadlines.due(start, PHR_STARTED)).isEqualTo(london("2026-06-10T13:30"));
    assertThat(Deadlines.due(start, PHR_COMPLETED)).isEqualTo(london("2026-06-17T09:30"));
  }

  @Test
  void fourHoursOverTheSpringClockChangeEndAnHourLaterLocal() {
    // 29 March 2026: clocks go forward 01:00 GMT -> 02:00 BST. 23:30 GMT + 4 elapsed hours = 03:30 GMT = 04:30 BST.
    Instant start = london("2026-03-28T23:30");
    Instant due = Deadlines.due(start, PHR_STARTED);
    assertThat(Duration.between(start, due)).isEqualTo(Duration.ofHours(4));
    assertThat(due.atZone(LONDON).toLocalDateTime()).hasToString("2026-03-29T04:30");
  }

  @Test
  void fourHoursOverTheAutumnClockChangeEndAtOneHourEarlierLocal() {
    // 25 October 2026: clocks go back 02:00 BST -> 01:00 GMT. 23:30 BST + 4 elapsed hours = 02:30 GMT.
    Instant start = london("2026-10-24T23:30");
    Instant due = Deadlines.due(start, PHR_STARTED);
    assertThat(due).isEqualTo(Instant.parse("2026-10-25T02:30:00Z"));
    assertThat(due.atZone(LONDON).toLocalDateTime()).hasToString("2026-10-25T02:30");
  }

  @Test
  void aWeekOverAClockChangeIs168Hours() {
    Instant start = london("2026-03-25T10:00");
    Instant due = Deadlines.due(start, PHR_COMPLETED);
    assertThat(Duration.between(start, due)).isEqualTo(Duration.ofHours(168));
    // The wall clock reads 11:00 a week later: BST has begun.
    assertThat(due.atZone(LONDON).toLocalDateTime()).hasToString("2026-04-01T11:00");
  }

  @Test
  void aRepeatingRuleIsDueAWeekAfterItsLastEvidence() {
    Instant weighed = london("2026-10-21T08:15");
    assertThat(Deadlines.nextDue(weighed, WEIGHT)).isEqualTo(weighed.plus(Duration.ofHours(168)));
    assertThat(Deadlines.nextDue(weighed, PHR_STARTED)).isNull();
  }

  @Test
  void stagesMoveDueThenDueSoonThenOverdueWithTheClock() {
    Instant due = london("2026-03-29T04:30");
    // The due-soon window is elapsed time too: an hour before 04:30 BST (03:30 GMT) is 02:30 GMT, 03:30 BST.
    Clock before = Clock.fixed(due.minus(HOUR).minusSeconds(1), LONDON);
    Clock window = Clock.fixed(due.minus(HOUR), LONDON);
    Clock justBefore = Clock.fixed(due.minusMillis(1), LONDON);
    Clock at = Clock.fixed(due, LONDON);
    assertThat(Deadlines.stageAt(Stage.DUE, due, before.instant(), HOUR)).isEqualTo(Stage.DUE);
    assertThat(Deadlines.stageAt(Stage.DUE, due, window.instant(), HOUR)).isEqualTo(Stage.DUE_SOON);
    assertThat(window.instant().atZone(LONDON).toLocalTime()).hasToString("03:30");
    assertThat(Deadlines.stageAt(Stage.DUE_SOON, due, justBefore.instant(), HOUR)).isEqualTo(Stage.DUE_SOON);
    assertThat(Deadlines.stageAt(Stage.DUE_SOON, due, at.instant(), HOUR)).isEqualTo(Stage.OVERDUE);
  }

  @Test
  void aDeadlinePassedWhileNobodyLookedGoesStraightToOverdue() {
    Instant due = london("2026-10-25T01:30").plus(HOUR); // the second 01:30 of the day, in GMT
    Instant now = due.plus(Duration.ofHours(9));
    assertThat(Deadlines.stageAt(Stage.DUE, due, now, HOUR)).isEqualTo(Stage.OVERDUE);
  }

  @Test
  void stagesNeverMoveBackwardsAndClosedDeadlinesStayClosed() {
    Instant due = Instant.parse("2026-06-10T12:00:00Z");
    Instant early = due.minus(Duration.ofDays(1));
    assertThat(Deadlines.stageAt(Stage.OVERDUE, due, early, HOUR)).isEqualTo(Stage.OVERDUE);
    assertThat(Deadlines.stageAt(Stage.DUE_SOON, due, early, HOUR)).isEqualTo(Stage.DUE_SOON);
    assertThat(Deadlines.stageAt(Stage.COMPLETED, due, due.plus(HOUR), HOUR)).isEqualTo(Stage.COMPLETED);
    assertThat(Deadlines.stageAt(Stage.NOT_APPLICABLE, due, due.plus(HOUR), HOUR)).isEqualTo(Stage.NOT_APPLICABLE);
  }

  @Test
  void atDischargeTheReviewIsOverdueAtDischargeIfSoonerAndOthersNoLongerApply() {
    Instant admitted = london("2026-06-10T09:00");
    Instant due = Deadlines.due(admitted, PHR_COMPLETED);
    Instant discharged = london("2026-06-12T15:00");
    assertThat(Deadlines.atDischarge(PHR_COMPLETED, due, discharged))
        .isEqualTo(new Deadlines.Discharged(Stage.OVERDUE, discharged, null));
    // Already overdue before discharge: it keeps its due time.
    Instant late = due.plus(Duration.ofDays(2));
    assertThat(Deadlines.atDischarge(PHR_COMPLETED, due, late)).isEqualTo(new Deadlines.Discharged(Stage.OVERDUE, due, null));
    assertThat(Deadlines.atDischarge(WEIGHT, Deadlines.due(admitted, WEIGHT), discharged))
        .isEqualTo(new Deadlines.Discharged(Stage.NOT_APPLICABLE, Deadlines.due(admitted, WEIGHT), "discharged"));
  }
}
