package org.parity.safetyplan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a Consent says, for deciding whether it covers someone: the patient's permission that a carer may add to their
 * safety plan ({@code contribute}) or that someone may receive it ({@code share}). Pure: no framework types.
 *
 * @param actors the people or organisations named ({@code RelatedPerson/x}, {@code Organization/y}); empty = anyone
 */
public record ConsentFacts(String id, String status, String patient, boolean permit, Instant start, Instant end,
    Set<String> actions, Set<String> actors) {

  /** Whether this consent lets {@code actor} do {@code action} with {@code patient}'s plan at {@code now}. */
  public boolean covers(String patient, String actor, String action, Instant now) {
    return problems(patient, actor, action, now).isEmpty();
  }

  /** Why this consent does not let {@code actor} do {@code action} with {@code patient}'s plan; empty if it does. */
  public List<String> problems(String patient, String actor, String action, Instant now) {
    List<String> problems = new ArrayList<>();
    if (!"active".equals(status)) {
      problems.add("is " + status + ", not active");
    }
    if (!patient.equals(this.patient)) {
      problems.add("is the consent of " + this.patient + ", not of " + patient + " whose plan this is");
    }
    if (!permit) {
      problems.add("does not permit (provision.type is not permit)");
    }
    if (start != null && now.isBefore(start)) {
      problems.add("starts only at " + start);
    }
    if (end != null && !now.isBefore(end)) {
      problems.add("ended at " + end);
    }
    if (!actions.contains(action)) {
      problems.add("does not include the action '" + action + "'");
    }
    // Anyone may receive a copy only when the patient said so without naming people; contributing always names them.
    if (actors.isEmpty() && !SafetyPlanCodes.SHARE.equals(action)) {
      problems.add("names nobody; adding to a plan needs the person named");
    } else if (!actors.isEmpty() && !actors.contains(actor)) {
      problems.add("does not name " + actor + " " + actors);
    }
    return problems;
  }
}
