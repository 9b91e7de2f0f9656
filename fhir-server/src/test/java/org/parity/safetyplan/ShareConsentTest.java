package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShareConsentTest {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final String PATIENT = "Patient/p1";
  static final String SISTER = "RelatedPerson/s1";

  static ShareConsent.Facts consent(String status, String patient, String type, Instant start, Instant end,
      Set<String> actions, Set<String> actors) {
    return new ShareConsent.Facts(status, patient, type, start, end, actions, actors);
  }

  static ShareConsent.Facts good() {
    return consent("active", PATIENT, "permit", NOW.minusSeconds(60), null, Set.of("contribute", "share"), Set.of(SISTER));
  }

  @Test
  void anActivePermitNamingTheRecipientCoversSharing() {
    assertThat(ShareConsent.problems(good(), PATIENT, SISTER, NOW)).isEmpty();
  }

  @Test
  void noActorsMeansAnyRecipient() {
    var anyone = consent("active", PATIENT, "permit", null, null, Set.of("share"), Set.of());
    assertThat(ShareConsent.problems(anyone, PATIENT, "Organization/gp", NOW)).isEmpty();
  }

  @Test
  void eachConditionRefusesOnItsOwn() {
    assertThat(ShareConsent.problems(consent("inactive", PATIENT, "permit", null, null, Set.of("share"), Set.of()),
        PATIENT, SISTER, NOW)).singleElement().asString().contains("inactive");
    assertThat(ShareConsent.problems(good(), "Patient/other", SISTER, NOW)).singleElement().asString()
        .contains("not of Patient/other");
    assertThat(ShareConsent.problems(consent("active", PATIENT, "deny", null, null, Set.of("share"), Set.of()),
        PATIENT, SISTER, NOW)).singleElement().asString().contains("does not permit");
    assertThat(ShareConsent.problems(consent("active", PATIENT, "permit", NOW.plusSeconds(60), null, Set.of("share"),
        Set.of()), PATIENT, SISTER, NOW)).singleElement().asString().contains("starts only");
    assertThat(ShareConsent.problems(consent("active", PATIENT, "permit", null, NOW.minusSeconds(1), Set.of("share"),
        Set.of()), PATIENT, SISTER, NOW)).singleElement().asString().contains("ended");
    assertThat(ShareConsent.problems(consent("active", PATIENT, "permit", null, null, Set.of("contribute"), Set.of()),
        PATIENT, SISTER, NOW)).singleElement().asString().contains("'share'");
    assertThat(ShareConsent.problems(good(), PATIENT, "Organization/gp", NOW)).singleElement().asString()
        .contains("does not name Organization/gp");
  }
}
