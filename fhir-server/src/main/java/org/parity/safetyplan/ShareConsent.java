package org.parity.safetyplan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a Consent covers sending the plan to a recipient (the contract's "covers" for action {@code share}):
 * status active, the plan's patient, provision type permit, period (if any) containing now, action {@code share},
 * and the recipient among the provision's actors, or no actors at all (anyone may receive it). Pure.
 */
public final class ShareConsent {

  public static final String SHARE = "share";

  /**
   * The facts of one Consent: {@code actions} are the safety-plan action codes of the provision, {@code actors}
   * the provision's actor references as {@code Type/id}; {@code start}/{@code end} may be null.
   */
  public record Facts(String status, String patient, String provisionType, Instant start, Instant end,
      Set<String> actions, Set<String> actors) {}

  private ShareConsent() {}

  /** The reasons the Consent does not cover sending the plan of {@code planPatient} to {@code recipient}; none if it does. */
  public static List<String> problems(Facts consent, String planPatient, String recipient, Instant now) {
    List<String> problems = new ArrayList<>();
    if (!"active".equals(consent.status())) {
      problems.add("is " + consent.status() + ", not active");
    }
    if (!planPatient.equals(consent.patient())) {
      problems.add("is the consent of " + consent.patient() + ", not of " + planPatient + " whose plan this is");
    }
    if (!"permit".equals(consent.provisionType())) {
      problems.add("does not permit (provision.type is " + consent.provisionType() + ")");
    }
    if (consent.start() != null && now.isBefore(consent.start())) {
      problems.add("starts only at " + consent.start());
    }
    if (consent.end() != null && now.isAfter(consent.end())) {
      problems.add("ended at " + consent.end());
    }
    if (!consent.actions().contains(SHARE)) {
      problems.add("does not include the action 'share' (May receive my safety plan)");
    }
    if (!consent.actors().isEmpty() && !consent.actors().contains(recipient)) {
      problems.add("does not name " + recipient + " among the people who may receive the plan "
          + consent.actors());
    }
    return problems;
  }
}
