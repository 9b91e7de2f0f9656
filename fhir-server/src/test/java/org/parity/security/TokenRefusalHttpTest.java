package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.KeycloakServer;
import org.parity.support.SecuredServerTest;

/** No FHIR data without a valid access token: every refusal is a 401 with a Bearer challenge and an OperationOutcome. */
class TokenRefusalHttpTest extends SecuredServerTest {

  private void assertRefused(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.body()).doesNotContain("demo-willow");
  }

  @Test
  void noTokenNoData() {
    assertRefused(Http.get(fhirBase() + "/Patient"));
    assertRefused(Http.get(fhirBase() + "/Patient/demo-willow-01"));
    assertRefused(Http.postJson(fhirBase() + "/Patient", "{\"resourceType\":\"Patient\"}"));
    assertRefused(Http.get(fhirBase() + "/Patient/demo-willow-01/$everything"));
  }

  @Test
  void tamperedTokensAreRefused() {
    String good = token("nurse.willow");
    String[] parts = good.split("\\.");
    // Forged: the payload changed (another ward), signature kept.
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("ZZW01", "ZZC01");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertRefused(get(forged, "/Patient/demo-cedar-01"));
    // alg: none with the same claims and no signature.
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"
        .getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    assertRefused(get(none, "/Patient/demo-willow-01"));
    assertRefused(get("not-a-token", "/Patient/demo-willow-01"));
  }

  @Test
  void idAndRefreshTokensAreNotAccessTokens() {
    KeycloakServer.Tokens tokens = keycloak().userToken("nurse.willow", KeycloakServer.DEMO_PASSWORD);
    assertThat(get(tokens.accessToken(), "/Patient/demo-willow-01").status()).isEqualTo(200);
    assertRefused(get(tokens.idToken(), "/Patient/demo-willow-01"));
    assertRefused(get(tokens.refreshToken(), "/Patient/demo-willow-01"));
  }

  @Test
  void aGenuineRealmTokenIssuedForAnotherAudienceIsRefused() {
    // Keycloak's built-in admin-cli client of the realm: right issuer and signature, no FHIR audience.
    KeycloakServer.Answer answer = keycloak().token(java.util.Map.of("grant_type", "password", "client_id", "admin-cli",
        "username", "nurse.willow", "password", KeycloakServer.DEMO_PASSWORD, "scope", "openid user/*.cruds"));
    if (answer.status() == 200) {
      String token = answer.json().path("access_token").asText();
      assertThat(keycloak().verifiedClaims(token).getIssuer()).isEqualTo(keycloak().issuer());
      assertRefused(get(token, "/Patient/demo-willow-01"));
    } else {
      // Or the realm offers no password grant at all: equally no way round PKCE.
      assertThat(answer.status()).isBetween(400, 401);
    }
  }

  @Test
  void capabilityStatementAndSmartConfigurationArePublic() {
    Http.Response metadata = Http.get(fhirBase() + "/metadata");
    assertThat(metadata.status()).isEqualTo(200);
    assertThat(metadata.body()).contains("SMART-on-FHIR").contains("oauth-uris");
    Http.Response smart = Http.get(fhirBase() + "/.well-known/smart-configuration");
    assertThat(smart.status()).isEqualTo(200);
    assertThat(smart.json().path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(smart.json().path("issuer").asText()).isEqualTo(keycloak().issuer());
    assertThat(smart.json().path("authorization_endpoint").asText()).isEqualTo(keycloak().authorizationEndpoint());
  }

  @Test
  void readinessSaysKeycloakIsReachable() {
    Http.Response ready = Http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(baseUrl() + "/actuator/health/readiness")).GET());
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).contains("identity").contains("UP");
  }
}
