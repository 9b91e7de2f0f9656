package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentFactsTest {

  static final Instant NOW = Instant.parse("2026-11-27T11:00:00Z");
  static final String SISTER = "RelatedPerson/sister";

  static ConsentFacts consent(String status, boolean permit, Instant start, Instant end, Set<String> actions,
      Set<String> actors) {
    return new ConsentFacts("Consent/c", status, "Patient/p1", permit, start, end, actions, actors);
  }

  @Test
  void coversTheNamedPersonForTheNamedActionWhileActive() {
    ConsentFacts c = consent("active", true, NOW.minusSeconds(60), null, Set.of("contribute"), Set.of(SISTER));
    assertThat(c.covers("Patient/p1", SISTER, "contribute", NOW)).isTrue();
    assertThat(c.covers("Patient/p1", SISTER, "share", NOW)).isFalse();
    assertThat(c.covers("Patient/p1", "RelatedPerson/other", "contribute", NOW)).isFalse();
    assertThat(c.covers("Patient/p2", SISTER, "contribute", NOW)).isFalse();
  }

  @Test
  void notWhenInactiveDeniedOrOutsideItsPeriod() {
    Set<String> a = Set.of("contribute");
    assertThat(consent("inactive", true, null, null, a, Set.of(SISTER)).covers("Patient/p1", SISTER, "contribute", NOW)).isFalse();
    assertThat(consent("active", false, null, null, a, Set.of(SISTER)).covers("Patient/p1", SISTER, "contribute", NOW)).isFalse();
    assertThat(consent("active", true, NOW.plusSeconds(1), null, a, Set.of(SISTER)).covers("Patient/p1", SISTER, "contribute", NOW)).isFalse();
    assertThat(consent("active", true, null, NOW, a, Set.of(SISTER)).covers("Patient/p1", SISTER, "contribute", NOW)).isFalse();
    assertThat(consent("active", true, null, NOW.plusSeconds(1), a, Set.of(SISTER)).covers("Patient/p1", SISTER, "contribute", NOW)).isTrue();
  }

  @Test
  void namingNobodyAllowsSharingWithAnyoneButNeverContributing() {
    ConsentFacts c = consent("active", true, null, null, Set.of("contribute", "share"), Set.of());
    assertThat(c.covers("Patient/p1", "Organization/gp", "share", NOW)).isTrue();
    assertThat(c.covers("Patient/p1", SISTER, "contribute", NOW)).isFalse();
  }

  @Test
  void eachReasonIsNamedOnItsOwn() {
    ConsentFacts good = consent("active", true, NOW.minusSeconds(60), null, Set.of("share"), Set.of(SISTER));
    assertThat(good.problems("Patient/p1", SISTER, "share", NOW)).isEmpty();
    assertThat(consent("inactive", true, null, null, Set.of("share"), Set.of()).problems("Patient/p1", SISTER, "share", NOW))
        .singleElement().asString().contains("inactive");
    assertThat(good.problems("Patient/other", SISTER, "share", NOW)).singleElement().asString()
        .contains("not of Patient/other");
    assertThat(consent("active", false, null, null, Set.of("share"), Set.of()).problems("Patient/p1", SISTER, "share", NOW))
        .singleElement().asString().contains("does not permit");
    assertThat(consent("active", true, NOW.plusSeconds(60), null, Set.of("share"), Set.of())
        .problems("Patient/p1", SISTER, "share", NOW)).singleElement().asString().contains("starts only");
    assertThat(consent("active", true, null, NOW.minusSeconds(1), Set.of("share"), Set.of())
        .problems("Patient/p1", SISTER, "share", NOW)).singleElement().asString().contains("ended");
    assertThat(good.problems("Patient/p1", SISTER, "contribute", NOW)).singleElement().asString().contains("'contribute'");
    assertThat(good.problems("Patient/p1", "Organization/gp", "share", NOW)).singleElement().asString()
        .contains("does not name Organization/gp");
  }
}
