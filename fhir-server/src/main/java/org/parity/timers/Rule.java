package org.parity.timers;

import java.time.Duration;

/**
 * One deadline rule of the PlanDefinition {@code parity-inpatient-deadlines} (one action).
 *
 * @param code the rule code (action.id, a code of {@code P/CodeSystem/deadline})
 * @param offset due this long after the admission start (elapsed time)
 * @param repeat when met, the next is due this long after the evidence; null for a one-off deadline
 * @param atDischarge what an open deadline becomes at discharge: OVERDUE or NOT_APPLICABLE
 * @param evidenceType the resource type of the evidence (action.input.type)
 * @param evidence FHIRPath true of a resource that completes the deadline; null when another feature completes it
 * @param keptBy {@code system|code} of another feature's Task that keeps this deadline; null when timers keeps it
 */
public record Rule(String code, String title, Duration offset, Duration repeat, Stage atDischarge,
    String evidenceType, String evidence, String keptBy) {

  /** Whether the timers create this deadline's Task (otherwise the feature named by keptBy does). */
  public boolean createdHere() {
    return keptBy == null;
  }
}
