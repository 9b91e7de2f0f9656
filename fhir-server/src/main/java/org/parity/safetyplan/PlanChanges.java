package org.parity.safetyplan;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a new version of a safety plan means for its review Task (contract, "Review Tasks"). */
final class PlanChanges {

  /**
   * The facts of one CarePlan version that matter here: {@code reviewed} is the safety-plan-reviewed date as
   * written (null if none), {@code replaces} the plans it replaces ({@code CarePlan/id}).
   */
  record Plan(String status, LocalDate reviewDue, String reviewed, List<String> replaces) {}

  enum Change {
    /** Became active: a Task due at the review date; the replaced plans' Tasks are completed. */
    ACTIVATED,
    /** Active and reviewed again: the open Task is completed and a new one is due at the new review date. */
    REVIEWED,
    /** Revoked (superseded or abandoned), completed or entered in error: its open Task ends. */
    ENDED,
    NONE
  }

  private static final Set<String> FINAL = Set.of("revoked", "completed", "entered-in-error");

  private PlanChanges() {}

  static Change of(Plan previous, Plan current) {
    boolean wasActive = previous != null && "active".equals(previous.status());
    if ("active".equals(current.status())) {
      if (!wasActive) {
        return Change.ACTIVATED;
      }
      return current.reviewed() != null && !Objects.equals(current.reviewed(), previous.reviewed())
          ? Change.REVIEWED : Change.NONE;
    }
    return FINAL.contains(current.status()) && wasActive ? Change.ENDED : Change.NONE;
  }
}
