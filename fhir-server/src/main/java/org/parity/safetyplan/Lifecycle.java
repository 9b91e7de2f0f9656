package org.parity.safetyplan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which changes a safety plan may go through (docs/features/safety-plan.md, "Lifecycle"). A plan is written as a
 * draft, agreed by the patient (active), reviewed without changing its words, and revised as a new version that
 * replaces it (the old one becomes revoked). Agreed words are never edited in place, so every agreed version stays
 * exactly as the patient agreed it. Pure: no framework types.
 */
public final class Lifecycle {

  public static final String DRAFT = "draft";
  public static final String ACTIVE = "active";
  public static final String REVOKED = "revoked";
  public static final String COMPLETED = "completed";
  public static final String ENTERED_IN_ERROR = "entered-in-error";

  static final String STATUS = "CarePlan.status";
  static final String AGREEMENT = "CarePlan.extension('" + SafetyPlanCodes.AGREEMENT + "')";
  static final String REVIEW_DUE = "CarePlan.extension('" + SafetyPlanCodes.REVIEW_DUE + "')";
  static final String REVIEWED = "CarePlan.extension('" + SafetyPlanCodes.REVIEWED + "')";

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  // Device clocks at the bedside drift; an agreement stamped a little ahead of the server is still "now".
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<String> FINAL = Set.of(REVOKED, COMPLETED, ENTERED_IN_ERROR);
  private static final Map<String, Set<String>> NEXT = Map.of(
      DRAFT, Set.of(DRAFT, ACTIVE, REVOKED, ENTERED_IN_ERROR),
      ACTIVE, Set.of(ACTIVE, REVOKED, COMPLETED, ENTERED_IN_ERROR));

  private Lifecycle() {}

  /** Problems with writing {@code next} over {@code previous} (null for a new plan); empty when allowed. */
  public static List<Problem> check(Plan previous, Plan next, Instant now) {
    List<Problem> problems = new ArrayList<>();
    String status = next.status();
    if (status == null) {
      problems.add(new Problem(STATUS, "A safety plan needs a status: draft while it is written, active once agreed"));
      return problems;
    }
    if (previous == null) {
      if (!DRAFT.equals(status) && !ACTIVE.equals(status)) {
        problems.add(new Problem(STATUS, "A new safety plan starts as draft (or active if the patient has already "
            + "agreed it), not " + status));
      }
    } else {
      if (FINAL.contains(previous.status())) {
        problems.add(new Problem(STATUS, "This plan is " + previous.status() + " and is kept exactly as it was; "
            + "write a new version (a CarePlan that replaces the current one) instead"));
        return problems;
      }
      if (!NEXT.getOrDefault(previous.status(), Set.of()).contains(status)) {
        problems.add(new Problem(STATUS, transitionRefusal(previous.status(), status)));
      }
      if (!Objects.equals(previous.subject(), next.subject())) {
        problems.add(new Problem("CarePlan.subject", "A safety plan stays with its patient (" + previous.subject() + ")"));
      }
      if (previous.isActive()) {
        agreedStaysAsAgreed(previous, next, problems);
      }
    }
    entries(next, problems);
    if (next.isActive() && (previous == null || !previous.isActive())) {
      agreed(next, now, problems);
    }
    return problems;
  }

  private static String transitionRefusal(String from, String to) {
    if (ACTIVE.equals(from) && DRAFT.equals(to)) {
      return "An agreed plan does not go back to draft: revise it as a new version (a draft CarePlan whose "
          + "replaces names this one); this one stays in use until the new one is agreed";
    }
    if (DRAFT.equals(from) && COMPLETED.equals(to)) {
      return "A draft is either agreed (active) or set aside (revoked); it cannot be completed";
    }
    return "A safety plan cannot go from " + from + " to " + to;
  }

  /** The words and the agreement of an active plan are fixed; a review changes only the review elements. */
  private static void agreedStaysAsAgreed(Plan previous, Plan next, List<Problem> problems) {
    if (!sameEntries(previous.entries(), next.entries())) {
      problems.add(new Problem("CarePlan.activity", "The words of an agreed plan are not changed in place: revise "
          + "it as a new version (a draft CarePlan whose replaces names this one), so the agreed version is kept"));
    }
    if (!Objects.equals(previous.agreement(), next.agreement())) {
      problems.add(new Problem(AGREEMENT, "The patient's agreement to this version is kept as recorded"));
    }
    if (next.isActive() && !Objects.equals(previous.reviewDue(), next.reviewDue())
        && Objects.equals(previous.reviewed(), next.reviewed())) {
      problems.add(new Problem(REVIEW_DUE, "A new review date is set by a review: record the review "
          + "(safety-plan-reviewed) with it"));
    }
    if (next.reviewed() != null && next.reviewed().date() == null) {
      problems.add(new Problem(REVIEWED, "A review needs the date it took place"));
    }
    if (previous.reviewed() != null && next.reviewed() != null && next.reviewed().date() != null
        && previous.reviewed().date() != null && next.reviewed().date().isBefore(previous.reviewed().date())) {
      problems.add(new Problem(REVIEWED, "A review cannot be earlier than the previous one ("
          + previous.reviewed().date() + ")"));
    }
    if (next.isActive() && next.reviewed() != null && !Objects.equals(previous.reviewed(), next.reviewed())
        && next.reviewDue() != null && next.reviewed().date() != null
        && !next.reviewDue().isAfter(next.reviewed().date().atZone(LONDON).toLocalDate())) {
      problems.add(new Problem(REVIEW_DUE, "The next review date must come after the review"));
    }
  }

  private static boolean sameEntries(List<Plan.Entry> a, List<Plan.Entry> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.equals(a.get(i).id(), b.get(i).id()) || !a.get(i).sameWords(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static void entries(Plan next, List<Problem> problems) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < next.entries().size(); i++) {
      Plan.Entry entry = next.entries().get(i);
      String at = "CarePlan.activity[" + i + "]";
      if (entry.id() != null && !ids.add(entry.id())) {
        problems.add(new Problem(at + ".id", "Two entries share the id '" + entry.id() + "'"));
      }
      if (entry.section() == null || !SafetyPlanCodes.SECTIONS.contains(entry.section())) {
        problems.add(new Problem(at + ".detail.code", "Each entry belongs to one of the safety plan's sections ("
            + String.join(", ", SafetyPlanCodes.SECTIONS) + ")"));
      }
      if (entry.words() == null || entry.words().isBlank()) {
        problems.add(new Problem(at + ".detail.description", "An entry needs the words as they were said or written"));
      }
    }
  }

  /** What agreeing needs: the patient's agreement (when, how), a review date, warning signs and someone to call. */
  private static void agreed(Plan plan, Instant now, List<Problem> problems) {
    Plan.Agreement agreement = plan.agreement();
    if (agreement == null || agreement.date() == null || agreement.method() == null) {
      problems.add(new Problem(AGREEMENT, "An agreed plan records when and how the patient agreed it"));
    } else {
      if (!SafetyPlanCodes.AGREEMENT_METHODS.contains(agreement.method())) {
        problems.add(new Problem(AGREEMENT, "How the patient agreed is one of "
            + String.join(", ", SafetyPlanCodes.AGREEMENT_METHODS)));
      }
      if (agreement.date().isAfter(now.plus(CLOCK_SKEW))) {
        problems.add(new Problem(AGREEMENT, "The patient's agreement cannot be in the future"));
      }
    }
    if (plan.reviewDue() == null) {
      problems.add(new Problem(REVIEW_DUE, "An agreed plan has a date by which it is reviewed with the patient"));
    } else if (agreement != null && agreement.date() != null) {
      LocalDate agreedOn = agreement.date().atZone(LONDON).toLocalDate();
      if (!plan.reviewDue().isAfter(agreedOn)) {
        problems.add(new Problem(REVIEW_DUE, "The review date must come after the day the plan was agreed ("
            + agreedOn + ")"));
      }
    }
    // Stanley-Brown: the plan starts from recognising warning signs and ends with whom to contact in a crisis.
    if (plan.count("warning-signs") == 0) {
      problems.add(new Problem("CarePlan.activity", "An agreed plan has at least one warning sign, in the patient's words"));
    }
    if (plan.count("professionals-services") == 0) {
      problems.add(new Problem("CarePlan.activity", "An agreed plan has at least one professional or service to "
          + "contact in a crisis (for example a 24-hour crisis line)"));
    }
  }
}
