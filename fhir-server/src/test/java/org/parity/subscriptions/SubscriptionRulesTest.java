package org.parity.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parity.subscriptions.SubscriptionRules.Problem;
import org.parity.subscriptions.SubscriptionRules.Requested;
import org.parity.subscriptions.SubscriptionRules.Subscriber;

class SubscriptionRulesTest {

  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final List<String> ALLOWED = List.of("https://engine.trust.nhs.uk/fhir-hooks", "http://127.0.0.1:*/hooks");
  static final String OVERDUE = "Flag?code=https://parity-epr.org/fhir/CodeSystem/deadline|deadline-overdue";

  static List<Problem> check(Requested s, Subscriber who) {
    return SubscriptionRules.check(s, who, Set.of("Flag", "Task", "Observation")::contains, NOW, Duration.ofHours(24),
        ALLOWED);
  }

  static Requested websocket(String criteria, Instant end) {
    return new Requested(criteria, "websocket", null, null, false, end);
  }

  static Requested restHook(String criteria, String endpoint) {
    return new Requested(criteria, "rest-hook", "application/fhir+json", endpoint, false, null);
  }

  static List<String> expressions(List<Problem> problems) {
    return problems.stream().map(Problem::expression).toList();
  }

  @Test
  void wardStaffGetPingsOnSharedCriteriaThatEnd() {
    assertThat(check(websocket(OVERDUE, NOW.plus(Duration.ofHours(12))), Subscriber.WARD_STAFF)).isEmpty();
    assertThat(check(websocket("Task?status=requested,completed", NOW.plus(Duration.ofHours(24))), Subscriber.WARD_STAFF))
        .isEmpty();
  }

  @Test
  void wardStaffMayNotNamePatientsOrOmitTheEndOrUseRestHooks() {
    assertThat(expressions(check(websocket("Flag?patient=Patient/1", NOW.plusSeconds(60)), Subscriber.WARD_STAFF)))
        .containsExactly("Subscription.criteria");
    assertThat(expressions(check(websocket("Flag?subject.name=x", NOW.plusSeconds(60)), Subscriber.WARD_STAFF)))
        .containsExactly("Subscription.criteria");
    assertThat(expressions(check(websocket(OVERDUE, null), Subscriber.WARD_STAFF))).containsExactly("Subscription.end");
    assertThat(expressions(check(websocket(OVERDUE, NOW.plus(Duration.ofHours(25))), Subscriber.WARD_STAFF)))
        .containsExactly("Subscription.end");
    List<Problem> hook = check(new Requested(OVERDUE, "rest-hook", null, "https://engine.trust.nhs.uk/fhir-hooks/x",
        false, NOW.plusSeconds(60)), Subscriber.WARD_STAFF);
    assertThat(hook).extracting(Problem::forbidden).containsExactly(true);
    assertThat(expressions(check(new Requested(OVERDUE, "websocket", "application/fhir+json", null, false,
        NOW.plusSeconds(60)), Subscriber.WARD_STAFF))).containsExactly("Subscription.channel.payload");
  }

  @Test
  void nobodySubscribesToWhatTheyMayNotSearch() {
    List<Problem> patients = check(websocket("Patient?name=x", NOW.plusSeconds(60)), Subscriber.WARD_STAFF);
    assertThat(patients).extracting(Problem::forbidden).contains(true);
    assertThat(check(restHook("AuditEvent?", "https://engine.trust.nhs.uk/fhir-hooks"), Subscriber.SYSTEM))
        .extracting(Problem::forbidden).containsExactly(true);
  }

  @Test
  void restHooksGoOnlyToListedEndpoints() {
    assertThat(check(restHook(OVERDUE, "https://engine.trust.nhs.uk/fhir-hooks/ward"), Subscriber.SYSTEM)).isEmpty();
    assertThat(check(restHook(OVERDUE, "http://127.0.0.1:43121/hooks/x"), Subscriber.SYSTEM)).isEmpty();
    for (String refused : List.of("https://evil.example/fhir-hooks", "https://engine.trust.nhs.uk/fhir-hooks-evil",
        "http://engine.trust.nhs.uk/fhir-hooks", "https://engine.trust.nhs.uk:8443/fhir-hooks",
        "https://engine.trust.nhs.uk@evil.example/fhir-hooks", "http://127.0.0.1:80@evil.example/hooks",
        "http://127.0.0.1:43121/other", "ftp://127.0.0.1/hooks", "not a url", "")) {
      List<Problem> problems = check(restHook(OVERDUE, refused), Subscriber.SYSTEM);
      assertThat(expressions(problems)).as(refused).containsExactly("Subscription.channel.endpoint");
      assertThat(problems.get(0).forbidden()).isFalse();
    }
    // Local development (sign-in off) still keeps records to the listed endpoints.
    assertThat(expressions(check(restHook(OVERDUE, "https://evil.example/x"), Subscriber.LOCAL_DEVELOPMENT)))
        .containsExactly("Subscription.channel.endpoint");
  }

  @Test
  void plainHttpOnlyOnLoopback() {
    assertThat(Endpoints.refusal("http://engine.trust.nhs.uk/fhir-hooks", List.of("http://engine.trust.nhs.uk")))
        .get().asString().contains("https");
    assertThat(Endpoints.refusal("http://localhost:9000/hooks", List.of("http://localhost:9000/hooks"))).isEmpty();
    assertThat(Endpoints.refusal("http://[::1]:9000/hooks", List.of("http://[::1]:9000"))).isEmpty();
  }

  @Test
  void onlyWebsocketAndRestHookChannels() {
    assertThat(expressions(check(new Requested(OVERDUE, "email", null, "mailto:a@b", false, null), Subscriber.SYSTEM)))
        .containsExactly("Subscription.channel.type");
    assertThat(expressions(check(websocket("", null), Subscriber.SYSTEM))).containsExactly("Subscription.criteria");
  }
}
