package org.parity.safetyplan;

import java.time.Instant;
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
    if (!"active".equals(status) || !permit || !patient.equals(this.patient) || !actions.contains(action)) {
      return false;
    }
    if (start != null && now.isBefore(start) || end != null && !now.isBefore(end)) {
      return false;
    }
    // Anyone may receive a copy only when the patient said so without naming people; contributing always names them.
    if (actors.isEmpty()) {
      return SafetyPlanCodes.SHARE.equals(action);
    }
    return actors.contains(actor);
  }
}
