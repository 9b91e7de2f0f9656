package org.parity.timers;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock rules of deadlines, pure. Every duration is elapsed time: "7 days" is 168 hours even across a
 * Europe/London clock change, so a deadline is never an hour early or late in real time (only its local
 * wall-clock time shifts by the hour).
 */
public final class Deadlines {

  private Deadlines() {}

  /** When a rule's first deadline of an admission is due. */
  public static Instant due(Instant admissionStart, Rule rule) {
    return admissionStart.plus(rule.offset());
  }

  /** When a repeating rule's next deadline is due after its evidence, or null if the rule does not repeat. */
  public static Instant nextDue(Instant evidenceAt, Rule rule) {
    return rule.repeat() == null ? null : evidenceAt.plus(rule.repeat());
  }

  /**
   * The stage an open deadline should be in now: overdue once {@code now} is at or past due, due soon within the
   * window before it, else due. Stages only move forward (due, due soon, overdue), so a poll can never undo one.
   */
  public static Stage stageAt(Stage current, Instant due, Instant now, Duration dueSoon) {
    if (!current.open()) {
      return current;
    }
    Stage target = !now.isBefore(due) ? Stage.OVERDUE
        : !now.isBefore(due.minus(dueSoon)) ? Stage.DUE_SOON : Stage.DUE;
    return target.ordinal() > current.ordinal() ? target : current;
  }

  /** What an open deadline becomes at discharge, and its due time then. */
  public record Discharged(Stage stage, Instant due, String reason) {}

  /**
   * At discharge: a rule due by discharge at the latest (physical health review completed) becomes overdue, due
   * at discharge if that is sooner; any other open deadline no longer applies.
   */
  public static Discharged atDischarge(Rule rule, Instant due, Instant discharge) {
    if (rule != null && rule.atDischarge() == Stage.OVERDUE) {
      return new Discharged(Stage.OVERDUE, discharge.isBefore(due) ? discharge : due, null);
    }
    return new Discharged(Stage.NOT_APPLICABLE, due, "discharged");
  }
}
