package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {

  static final Instant NOW = Instant.parse("2026-11-27T11:00:00Z");
  static final String PATIENT = "Patient/p1";

  static Plan.Entry entry(String id, String section, String words) {
    return new Plan.Entry(id, section, words, PATIENT, null);
  }

  static final List<Plan.Entry> ENOUGH = List.of(
      entry("e1", "warning-signs", "I stop answering my phone"),
      entry("e2", "professionals-services", "Samaritans 116 123"));

  static Plan draft(List<Plan.Entry> entries) {
    return new Plan("draft", PATIENT, null, null, null, entries, List.of());
  }

  static Plan agreed(List<Plan.Entry> entries) {
    return new Plan("active", PATIENT, new Plan.Agreement(NOW.minusSeconds(60), "agreed-in-person"),
        LocalDate.parse("2027-02-27"), null, entries, List.of());
  }

  static Plan withStatus(Plan plan, String status) {
    return new Plan(status, plan.subject(), plan.agreement(), plan.reviewDue(), plan.reviewed(), plan.entries(),
        plan.replaces());
  }

  static List<String> reasons(Plan previous, Plan next) {
    return Lifecycle.check(previous, next, NOW).stream().map(Problem::reason).toList();
  }

  @Test
  void aNewPlanStartsAsDraftEvenWithNothingInIt() {
    assertThat(Lifecycle.check(null, draft(List.of()), NOW)).isEmpty();
  }

  @Test
  void aNewPlanMayArriveAlreadyAgreed() {
    assertThat(Lifecycle.check(null, agreed(ENOUGH), NOW)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"revoked", "completed", "entered-in-error", "on-hold"})
  void aNewPlanDoesNotStartElsewhere(String status) {
    assertThat(reasons(null, withStatus(draft(ENOUGH), status))).singleElement().asString().contains("starts as draft");
  }

  @ParameterizedTest
  @CsvSource({
      "draft, draft, true", "draft, active, true", "draft, revoked, true", "draft, entered-in-error, true",
      "draft, completed, false", "draft, on-hold, false",
      "active, active, true", "active, revoked, true", "active, completed, true", "active, entered-in-error, true",
      "active, draft, false", "active, on-hold, false",
      "revoked, revoked, false", "revoked, active, false", "completed, active, false",
      "entered-in-error, draft, false", "entered-in-error, entered-in-error, false"})
  void transitions(String from, String to, boolean allowed) {
    Plan previous = from.equals("draft") ? draft(ENOUGH) : withStatus(agreed(ENOUGH), from);
    Plan next = to.equals("active") || !from.equals("draft") ? withStatus(agreed(ENOUGH), to) : withStatus(draft(ENOUGH), to);
    assertThat(Lifecycle.check(previous, next, NOW).isEmpty()).as(from + " -> " + to).isEqualTo(allowed);
  }

  @Test
  void agreeingNeedsTheAgreementTheReviewDateAWarningSignAndSomeoneToCall() {
    Plan bare = new Plan("active", PATIENT, null, null, null, List.of(), List.of());
    assertThat(Lifecycle.check(draft(List.of()), bare, NOW)).extracting(Problem::expression).containsExactlyInAnyOrder(
        Lifecycle.AGREEMENT, Lifecycle.REVIEW_DUE, "CarePlan.activity", "CarePlan.activity");
  }

  @Test
  void theReviewDateComesAfterTheDayOfAgreementInLondon() {
    // Agreed at 23:30 UTC on 30 March 2026 = 00:30 BST on 31 March: a review "on 31 March" is the same day.
    Plan.Agreement lateNight = new Plan.Agreement(Instant.parse("2026-03-30T23:30:00Z"), "agreed-in-person");
    Plan sameDay = new Plan("active", PATIENT, lateNight, LocalDate.parse("2026-03-31"), null, ENOUGH, List.of());
    Plan nextDay = new Plan("active", PATIENT, lateNight, LocalDate.parse("2026-04-01"), null, ENOUGH, List.of());
    assertThat(reasons(draft(ENOUGH), sameDay)).singleElement().asString().contains("after the day");
    assertThat(Lifecycle.check(draft(ENOUGH), nextDay, NOW)).isEmpty();
  }

  @Test
  void anAgreementCannotBeInTheFutureBeyondClockDrift() {
    Plan soon = new Plan("active", PATIENT, new Plan.Agreement(NOW.plusSeconds(240), "agreed-in-person"),
        LocalDate.parse("2027-01-01"), null, ENOUGH, List.of());
    Plan later = new Plan("active", PATIENT, new Plan.Agreement(NOW.plusSeconds(600), "agreed-in-person"),
        LocalDate.parse("2027-01-01"), null, ENOUGH, List.of());
    assertThat(Lifecycle.check(draft(ENOUGH), soon, NOW)).isEmpty();
    assertThat(reasons(draft(ENOUGH), later)).singleElement().asString().contains("future");
  }

  @Test
  void anUnknownAgreementMethodIsRefused() {
    Plan plan = new Plan("active", PATIENT, new Plan.Agreement(NOW, "nodded"), LocalDate.parse("2027-01-01"), null,
        ENOUGH, List.of());
    assertThat(reasons(draft(ENOUGH), plan)).singleElement().asString().contains("agreed-in-person");
  }

  @Test
  void theWordsOfAnAgreedPlanAreNotChangedInPlace() {
    List<Plan.Entry> more = new ArrayList<>(ENOUGH);
    more.add(entry("e3", "coping-on-my-own", "Music"));
    assertThat(reasons(agreed(ENOUGH), agreed(more))).singleElement().asString().contains("new version");
    List<Plan.Entry> reworded = List.of(entry("e1", "warning-signs", "I stop eating"), ENOUGH.get(1));
    assertThat(reasons(agreed(ENOUGH), agreed(reworded))).singleElement().asString().contains("new version");
  }

  @Test
  void aReviewKeepsTheWordsAndSetsTheNextDate() {
    Plan reviewed = new Plan("active", PATIENT, agreed(ENOUGH).agreement(), LocalDate.parse("2027-05-27"),
        new Plan.Review(NOW, "Practitioner/n1"), ENOUGH, List.of());
    assertThat(Lifecycle.check(agreed(ENOUGH), reviewed, NOW)).isEmpty();
  }

  @Test
  void theReviewDateMovesOnlyWithAReview() {
    Plan moved = new Plan("active", PATIENT, agreed(ENOUGH).agreement(), LocalDate.parse("2027-05-27"), null, ENOUGH,
        List.of());
    assertThat(Lifecycle.check(agreed(ENOUGH), moved, NOW)).extracting(Problem::expression)
        .containsExactly(Lifecycle.REVIEW_DUE);
  }

  @Test
  void theNextReviewDateComesAfterTheReview() {
    Plan reviewed = new Plan("active", PATIENT, agreed(ENOUGH).agreement(), LocalDate.parse("2026-11-27"),
        new Plan.Review(NOW, "Practitioner/n1"), ENOUGH, List.of());
    assertThat(reasons(agreed(ENOUGH), reviewed)).singleElement().asString().contains("after the review");
  }

  @Test
  void theAgreementIsKeptAsRecorded() {
    Plan changed = new Plan("active", PATIENT, new Plan.Agreement(NOW, "agreed-signed-paper"),
        LocalDate.parse("2027-02-27"), null, ENOUGH, List.of());
    assertThat(Lifecycle.check(agreed(ENOUGH), changed, NOW)).extracting(Problem::expression)
        .containsExactly(Lifecycle.AGREEMENT);
  }

  @Test
  void aPlanStaysWithItsPatient() {
    Plan moved = new Plan("draft", "Patient/p2", null, null, null, ENOUGH, List.of());
    assertThat(Lifecycle.check(draft(ENOUGH), moved, NOW)).extracting(Problem::expression)
        .containsExactly("CarePlan.subject");
  }

  @Test
  void everyEntryHasASectionWordsAndItsOwnId() {
    Plan plan = draft(List.of(entry("e1", "triggers", "x"), entry("e1", "warning-signs", " ")));
    assertThat(Lifecycle.check(null, plan, NOW)).extracting(Problem::expression).containsExactlyInAnyOrder(
        "CarePlan.activity[0].detail.code", "CarePlan.activity[1].id", "CarePlan.activity[1].detail.description");
  }

  @Test
  void aStatusIsRequired() {
    assertThat(reasons(null, withStatus(draft(ENOUGH), null))).singleElement().asString().contains("needs a status");
  }
}
