package org.parity.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;

/** Who may subscribe to what, with real Keycloak tokens (docs/features/subscriptions.md, "Security"). */
class SubscriptionAccessTest extends SecuredServerTest {

  static final String OVERDUE = "Flag?code=https://parity-epr.org/fhir/CodeSystem/deadline|deadline-overdue";

  static String websocket(String criteria, Instant end) {
    return """
        {"resourceType":"Subscription","status":"requested","reason":"Ward board","criteria":"%s",
         %s "channel":{"type":"websocket"}}""".formatted(criteria, end == null ? "" : "\"end\":\"" + end + "\",");
  }

  static String restHook(String criteria, String endpoint) {
    return """
        {"resourceType":"Subscription","status":"requested","reason":"Engine","criteria":"%s",
         "channel":{"type":"rest-hook","endpoint":"%s","payload":"application/fhir+json"}}""".formatted(criteria, endpoint);
  }

  @Test
  void aNurseSubscribesToWardPingsButNotToRestHooksOrOnePatient() {
    String nurse = token("nurse.willow");
    Http.Response created = post(nurse, "/Subscription", websocket(OVERDUE, Instant.now().plus(Duration.ofHours(12))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).contains(SubscriptionGuard.OWNER).contains("ward-staff");

    Http.Response hook = post(nurse, "/Subscription", restHook(OVERDUE, "http://127.0.0.1:9/hooks"));
    assertThat(hook.status()).as(hook.body()).isEqualTo(403);
    assertThat(hook.issues()).contains("Subscription.channel.type");

    Http.Response onePatient = post(nurse, "/Subscription",
        websocket("Flag?patient=Patient/demo-willow-01", Instant.now().plus(Duration.ofHours(1))));
    assertThat(onePatient.status()).as(onePatient.body()).isEqualTo(422);
    assertThat(onePatient.issues()).contains("Subscription.criteria");

    Http.Response endless = post(nurse, "/Subscription", websocket(OVERDUE, null));
    assertThat(endless.status()).isEqualTo(422);
    assertThat(endless.issues()).contains("Subscription.end");
  }

  @Test
  void patientsCannotSubscribe() {
    Http.Response response = post(token("patient.willow01"), "/Subscription",
        websocket(OVERDUE, Instant.now().plus(Duration.ofHours(1))));
    assertThat(response.status()).as(response.body()).isEqualTo(403);
  }

  @Test
  void anIntegratorsRestHookGoesOnlyToListedEndpointsAndOthersDoNotSeeIt() {
    String integrator = integratorToken();
    Http.Response refused = post(integrator, "/Subscription",
        restHook("Task?status=completed", "https://records.example.com/hooks"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.issues()).contains("Subscription.channel.endpoint");

    Http.Response notReadable = post(integrator, "/Subscription",
        restHook("Patient?name=x", "http://127.0.0.1:9/hooks/engine"));
    assertThat(notReadable.status()).as(notReadable.body()).isEqualTo(403);

    Http.Response created = post(integrator, "/Subscription",
        restHook("Task?status=completed", "http://127.0.0.1:9/hooks/engine"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(get(integrator, "/Subscription/" + id).status()).isEqualTo(200);
    // A rest-hook's endpoint and headers are the integrator's business: ward staff do not see it.
    Http.Response nurseRead = get(token("nurse.willow"), "/Subscription?_id=" + id);
    assertThat(nurseRead.status()).as(nurseRead.body()).isEqualTo(200);
    assertThat(nurseRead.body()).doesNotContain("127.0.0.1:9/hooks/engine");
  }

  /** The HTTP status of a refused websocket handshake. */
  static int refusedWith(String url) {
    try {
      SocketClient.connect(url).close();
    } catch (CompletionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
    throw new AssertionError("handshake accepted: " + url);
  }

  @Test
  void theWebsocketHandshakeNeedsAStaffOrSystemToken() throws Exception {
    String ws = "ws://127.0.0.1:" + port + "/websocket";
    assertThat(refusedWith(ws)).isEqualTo(401);
    assertThat(refusedWith(ws + "?access_token=not-a-token")).isEqualTo(401);
    assertThat(refusedWith(ws + "?access_token=" + token("patient.willow01"))).isEqualTo(403);
    try (SocketClient socket = SocketClient.connect(ws + "?access_token=" + token("nurse.willow"))) {
      socket.send("bind Subscription/does-not-exist");
      assertThat(socket.next(Duration.ofSeconds(10))).startsWith("closed 1002");
    }
  }
}
