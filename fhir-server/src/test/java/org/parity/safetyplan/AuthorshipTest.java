package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorshipTest {

  static final Instant THEN = Instant.parse("2026-11-20T10:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-27T11:00:00Z");
  static final String PATIENT = "Patient/p1";
  static final String NURSE = "Practitioner/n1";
  static final String SISTER = "RelatedPerson/sister";

  static Plan.Entry e(String id, String words, String author, Instant written) {
    return new Plan.Entry(id, "coping-on-my-own", words, author, written);
  }

  static Authorship.Result stamp(List<Plan.Entry> before, List<Plan.Entry> after, Authorship.Writer writer) {
    return Authorship.stamp(before, after, writer, PATIENT, Set.of(SISTER), NOW);
  }

  @Test
  void anUnchangedEntryKeepsItsAuthorAndTimeWhateverTheClientSends() {
    var result = stamp(List.of(e("a", "Music", PATIENT, THEN)), List.of(e("a", "Music", NURSE, NOW)),
        new Authorship.StaffWriter(NURSE));
    assertThat(result.entries()).containsExactly(e("a", "Music", PATIENT, THEN));
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void aPatientsNewWordsAreTheirsWhateverTheClientClaims() {
    var result = stamp(List.of(), List.of(e("a", "Music", NURSE, null)), new Authorship.PatientWriter(PATIENT));
    assertThat(result.entries()).containsExactly(e("a", "Music", PATIENT, NOW));
    assertThat(result.problems()).isEmpty();
    assertThat(result.forbidden()).isEmpty();
  }

  @Test
  void aPatientChangesAndRemovesOnlyTheirOwnWords() {
    List<Plan.Entry> before = List.of(e("mine", "Music", PATIENT, THEN), e("nurse", "Walk", NURSE, THEN),
        e("sister", "Call me", SISTER, THEN));
    var changedTheirs = stamp(before, List.of(e("mine", "Loud music", PATIENT, null), e("nurse", "Run", PATIENT, null),
        before.get(2)), new Authorship.PatientWriter(PATIENT));
    assertThat(changedTheirs.forbidden()).singleElement().extracting(Problem::expression)
        .isEqualTo("CarePlan.activity[1]");
    var removedTheirs = stamp(before, List.of(before.get(0), before.get(1)), new Authorship.PatientWriter(PATIENT));
    assertThat(removedTheirs.forbidden()).singleElement().extracting(Problem::reason).asString().contains("'sister'");
    var ownOnly = stamp(before, List.of(e("mine", "Loud music", null, null), before.get(1), before.get(2)),
        new Authorship.PatientWriter(PATIENT));
    assertThat(ownOnly.forbidden()).isEmpty();
    assertThat(ownOnly.entries().get(0)).isEqualTo(e("mine", "Loud music", PATIENT, NOW));
  }

  @Test
  void staffWriteInTheirOwnNameByDefault() {
    var result = stamp(List.of(), List.of(e("a", "Walk", null, null)), new Authorship.StaffWriter(NURSE));
    assertThat(result.entries()).containsExactly(e("a", "Walk", NURSE, NOW));
  }

  @Test
  void staffMayRecordThePatientsOrAConsentedCarersWords() {
    var result = stamp(List.of(), List.of(e("a", "Music", PATIENT, null), e("b", "Call me", SISTER, null)),
        new Authorship.StaffWriter(NURSE));
    assertThat(result.problems()).isEmpty();
    assertThat(result.entries()).extracting(Plan.Entry::author).containsExactly(PATIENT, SISTER);
  }

  @Test
  void staffDoNotWriteInAColleaguesName() {
    var result = stamp(List.of(), List.of(e("a", "Walk", "Practitioner/other", null)), new Authorship.StaffWriter(NURSE));
    assertThat(result.problems()).singleElement().extracting(Problem::reason).asString().contains("own name");
  }

  @Test
  void aCarerWithoutConsentIsRefused() {
    var result = stamp(List.of(), List.of(e("a", "Call me", "RelatedPerson/neighbour", null)),
        new Authorship.StaffWriter(NURSE));
    assertThat(result.problems()).singleElement().extracting(Problem::reason).asString().contains("consent");
  }

  @Test
  void staffWithoutAPractitionerMustSayWhoseWordsTheyAre() {
    var result = stamp(List.of(), List.of(e("a", "Walk", null, null)), new Authorship.StaffWriter(null));
    assertThat(result.problems()).singleElement().extracting(Problem::expression).asString().contains("activity[0]");
  }

  @Test
  void withoutSignInTheAuthorMustBeGivenAndBelongToThePlan() {
    var missing = stamp(List.of(), List.of(e("a", "Walk", null, null)), new Authorship.UnsignedWriter());
    assertThat(missing.problems()).hasSize(1);
    var otherPatient = stamp(List.of(), List.of(e("a", "Walk", "Patient/p2", null)), new Authorship.UnsignedWriter());
    assertThat(otherPatient.problems()).singleElement().extracting(Problem::reason).asString().contains("Patient/p2");
    var fine = stamp(List.of(), List.of(e("a", "Walk", "Practitioner/any", null)), new Authorship.UnsignedWriter());
    assertThat(fine.problems()).isEmpty();
  }

  @Test
  void changedWordsAreStampedAgain() {
    var result = stamp(List.of(e("a", "Music", PATIENT, THEN)), List.of(e("a", "Loud music", PATIENT, THEN)),
        new Authorship.StaffWriter(NURSE));
    assertThat(result.entries()).containsExactly(e("a", "Loud music", PATIENT, NOW));
  }
}
