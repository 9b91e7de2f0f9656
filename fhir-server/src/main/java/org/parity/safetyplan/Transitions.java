package org.parity.safetyplan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Which transitions of an inpatient stay prompt a safety plan review, from two versions of its Encounter. */
final class Transitions {

  /**
   * The facts of one Encounter version that matter here. {@code ward} is the active ward entry's Location (null if
   * none), {@code wardSince} its period start, {@code end} the stay's period end; times null when not recorded.
   */
  record Stay(String status, String ward, Instant wardSince, Instant end) {}

  /** A transition and when it happened. */
  record Transition(ReviewCodes.Reason reason, Instant at) {}

  private static final Set<String> UNDER_WAY = Set.of("in-progress", "onleave");

  private Transitions() {}

  /**
   * Transfer (the active ward changes while the stay goes on), leave (status becomes onleave) and discharge (status
   * becomes finished), each at its recorded time or else {@code now}. Only from a stay under way: corrections of a
   * finished, cancelled or entered-in-error Encounter prompt nothing.
   */
  static List<Transition> between(Stay previous, Stay current, Instant now) {
    List<Transition> found = new ArrayList<>();
    if (previous == null || !UNDER_WAY.contains(previous.status())) {
      return found;
    }
    if (UNDER_WAY.contains(current.status()) && previous.ward() != null && current.ward() != null
        && !Objects.equals(previous.ward(), current.ward())) {
      found.add(new Transition(ReviewCodes.Reason.TRANSFER, orNow(current.wardSince(), now)));
    }
    if ("onleave".equals(current.status()) && !"onleave".equals(previous.status())) {
      found.add(new Transition(ReviewCodes.Reason.LEAVE, now));
    }
    if ("finished".equals(current.status())) {
      found.add(new Transition(ReviewCodes.Reason.DISCHARGE, orNow(current.end(), now)));
    }
    return found;
  }

  private static Instant orNow(Instant recorded, Instant now) {
    return recorded != null ? recorded : now;
  }
}
