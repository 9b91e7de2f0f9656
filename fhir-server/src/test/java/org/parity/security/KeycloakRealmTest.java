package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.support.KeycloakServer.DEMO_PASSWORD;
import static org.parity.support.KeycloakServer.FHIR_AUDIENCE;
import static org.parity.support.KeycloakServer.WARD_UI;
import static org.parity.support.KeycloakServer.WARD_UI_REDIRECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parity.support.KeycloakServer;
import org.parity.support.KeycloakServer.Answer;
import org.parity.support.KeycloakServer.Tokens;

/**
 * The shipped realm ({@code deploy/keycloak/parity-realm.json}) in the real Keycloak: the claims the FHIR
 * server relies on, and the flows the realm must refuse. No Spring context.
 */
class KeycloakRealmTest {

  private static KeycloakServer keycloak;

  @BeforeAll
  static void start() {
    keycloak = KeycloakServer.get();
  }

  @Test
  void nurseAccessTokenCarriesIdentityWardRolesScopesAndFhirAudience() throws ParseException {
    Tokens tokens = keycloak.userToken("nurse.willow", DEMO_PASSWORD);
    JWTClaimsSet access = keycloak.verifiedClaims(tokens.accessToken());

    assertThat(access.getIssuer()).isEqualTo(keycloak.issuer());
    assertThat(access.getSubject()).isNotBlank();
    assertThat(access.getStringClaim("preferred_username")).isEqualTo("nurse.willow");
    assertThat(access.getStringClaim("fhirUser")).isEqualTo("Practitioner/demo-nurse-willow");
    assertThat(access.getClaim("ward")).isInstanceOf(List.class);
    assertThat(access.getStringListClaim("ward")).containsExactly("ZZW01");
    assertThat(realmRoles(access)).containsExactly("nurse");
    assertThat(scopes(access)).contains("openid", "fhirUser", "user/*.cruds", "patient/*.rs", "patient/CarePlan.cru");
    assertThat(access.getAudience()).containsExactly(FHIR_AUDIENCE);
    assertThat(access.getStringClaim("azp")).isEqualTo(WARD_UI);
    assertThat(access.getStringClaim("typ")).isEqualTo("Bearer");
    assertThat(access.getExpirationTime().getTime() - access.getIssueTime().getTime()).isEqualTo(300_000L);
    assertThat(tokens.refreshToken()).isNotBlank();
  }

  @Test
  void onlyTheScopesAskedForAreGranted() throws ParseException {
    JWTClaimsSet access = keycloak.verifiedClaims(
        keycloak.userToken("hca.willow", DEMO_PASSWORD, "openid fhirUser user/*.rs").accessToken());

    assertThat(scopes(access)).contains("user/*.rs").doesNotContain("user/*.cruds", "patient/*.rs", "user/Observation.cruds");
    assertThat(realmRoles(access)).containsExactly("healthcare-assistant");
  }

  @Test
  void doctorWorksOnTwoWards() throws ParseException {
    JWTClaimsSet access = keycloak.verifiedClaims(keycloak.userToken("doctor.ali", DEMO_PASSWORD).accessToken());

    assertThat(access.getStringListClaim("ward")).containsExactlyInAnyOrder("ZZW01", "ZZC01");
    assertThat(realmRoles(access)).containsExactly("doctor");
    assertThat(access.getStringClaim("fhirUser")).isEqualTo("Practitioner/demo-doctor-ali");
  }

  @Test
  void patientIsTheirPatientResourceAndAuditorHasNoWardNorFhirUser() throws ParseException {
    JWTClaimsSet patient = keycloak.verifiedClaims(keycloak.userToken("patient.willow01", DEMO_PASSWORD).accessToken());
    assertThat(patient.getStringClaim("fhirUser")).isEqualTo("Patient/demo-willow-01");
    assertThat(realmRoles(patient)).containsExactly("patient");
    assertThat(patient.getClaim("ward")).isNull();

    JWTClaimsSet auditor = keycloak.verifiedClaims(keycloak.userToken("auditor.sam", DEMO_PASSWORD).accessToken());
    assertThat(realmRoles(auditor)).containsExactly("auditor");
    assertThat(auditor.getClaim("ward")).isNull();
    assertThat(auditor.getClaim("fhirUser")).isNull();
  }

  @Test
  void idTokenIsForTheWardUiOnly() {
    JWTClaimsSet id = keycloak.verifiedClaims(keycloak.userToken("nurse.cedar", DEMO_PASSWORD).idToken());

    assertThat(id.getAudience()).containsExactly(WARD_UI);
    assertThat(id.getClaim("typ")).isEqualTo("ID");
    assertThat(id.getClaim("fhirUser")).isEqualTo("Practitioner/demo-nurse-cedar");
  }

  @Test
  void wardUiRefusesThePasswordGrant() {
    Answer answer = keycloak.token(Map.of(
        "grant_type", "password", "client_id", WARD_UI,
        "username", "nurse.willow", "password", DEMO_PASSWORD, "scope", "openid"));

    assertThat(answer.status()).isIn(400, 401);
    assertThat(answer.json().path("error").asText()).isEqualTo("unauthorized_client");
    assertThat(answer.json().has("access_token")).isFalse();
  }

  @Test
  void authorizationRequestsNeedAnS256CodeChallenge() {
    Map<String, String> request = authorizationRequest(WARD_UI_REDIRECT);
    Answer accepted = keycloak.authorize(request);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body()).contains("kc-form-login");

    Map<String, String> withoutChallenge = new LinkedHashMap<>(request);
    withoutChallenge.remove("code_challenge");
    withoutChallenge.remove("code_challenge_method");
    assertRefusedWithRedirect(keycloak.authorize(withoutChallenge));

    Map<String, String> plain = new LinkedHashMap<>(request);
    plain.put("code_challenge", "a-plain-challenge-that-is-long-enough-to-be-a-valid-verifier-0123");
    plain.put("code_challenge_method", "plain");
    assertRefusedWithRedirect(keycloak.authorize(plain));
  }

  private static void assertRefusedWithRedirect(Answer answer) {
    assertThat(answer.status()).isEqualTo(302);
    assertThat(answer.body()).doesNotContain("kc-form-login");
    assertThat(answer.location()).hasValueSatisfying(location -> {
      assertThat(location).startsWith(WARD_UI_REDIRECT);
      assertThat(KeycloakServer.query(location)).containsEntry("error", "invalid_request").doesNotContainKey("code");
    });
  }

  @Test
  void unregisteredRedirectUriIsRefusedUntilTheTestHarnessAllowsThatPort() {
    int port = 54_321;
    String redirect = "http://127.0.0.1:" + port + "/ward/";

    Answer refused = keycloak.authorize(authorizationRequest(redirect));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.location()).isEmpty();
    assertThat(refused.body()).doesNotContain("kc-form-login");

    Answer similar = keycloak.authorize(authorizationRequest(WARD_UI_REDIRECT + "elsewhere"));
    assertThat(similar.status()).isEqualTo(400);

    keycloak.allowWardUiOrigin(port);
    Answer allowed = keycloak.authorize(authorizationRequest(redirect));
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.body()).contains("kc-form-login");
  }

  @Test
  void trustsSignInWithPrivateKeyJwtRs384AndEs384() throws ParseException {
    for (String trust : List.of("trust-demo-acute", "trust-demo-general")) {
      Tokens tokens = keycloak.trustToken(trust, "system/*.rs");
      JWTClaimsSet access = keycloak.verifiedClaims(tokens.accessToken());

      assertThat(scopes(access)).as(trust).containsExactly("system/*.rs");
      assertThat(realmRoles(access)).as(trust).containsExactly("trust-system");
      assertThat(access.getAudience()).as(trust).containsExactly(FHIR_AUDIENCE);
      assertThat(access.getStringClaim("azp")).as(trust).isEqualTo(trust);
      assertThat(access.getStringClaim("client_id")).as(trust).isEqualTo(trust);
      assertThat(tokens.refreshToken()).as(trust).isNull();
    }
    assertThat(keycloak.trustKey("trust-demo-acute").getKeyType().getValue()).isEqualTo("RSA");
    assertThat(keycloak.trustKey("trust-demo-general").getKeyType().getValue()).isEqualTo("EC");
  }

  @Test
  void assertionWithTheWrongAlgorithmOrAnUnregisteredKeyIsRefused() {
    String trust = "trust-demo-acute";
    JWK registered = keycloak.trustKey(trust);
    // The right key and algorithm first, so that a refusal below is about the one thing changed.
    assertThat(keycloak.clientCredentials(trust, "system/*.rs",
        keycloak.clientAssertion(trust, registered, JWSAlgorithm.RS384)).status()).isEqualTo(200);

    assertRefusedClient(keycloak.clientCredentials(trust, "system/*.rs",
        keycloak.clientAssertion(trust, registered, JWSAlgorithm.RS256)));

    JWK stranger = KeycloakServer.generateKey(JWSAlgorithm.RS384, "not-registered");
    assertRefusedClient(keycloak.clientCredentials(trust, "system/*.rs",
        keycloak.clientAssertion(trust, stranger, JWSAlgorithm.RS384)));

    JWK impostor = KeycloakServer.generateKey(JWSAlgorithm.RS384, registered.getKeyID());
    assertRefusedClient(keycloak.clientCredentials(trust, "system/*.rs",
        keycloak.clientAssertion(trust, impostor, JWSAlgorithm.RS384)));

    // One trust's key does not sign for the other.
    keycloak.trustKey("trust-demo-general");
    assertRefusedClient(keycloak.clientCredentials("trust-demo-general", "system/*.rs",
        keycloak.clientAssertion("trust-demo-general", registered, JWSAlgorithm.RS384)));
  }

  private static void assertRefusedClient(Answer answer) {
    assertThat(answer.status()).isIn(400, 401);
    assertThat(answer.json().path("error").asText()).isEqualTo("invalid_client");
    assertThat(answer.json().has("access_token")).isFalse();
  }

  @Test
  void integratorGetsOnlyReferralScopes() throws ParseException {
    JWTClaimsSet access = keycloak.verifiedClaims(keycloak.integratorToken().accessToken());

    assertThat(scopes(access)).containsExactlyInAnyOrder("system/ServiceRequest.cru", "system/Task.cru");
    assertThat(realmRoles(access)).containsExactly("integrator");
    assertThat(access.getAudience()).containsExactly(FHIR_AUDIENCE);

    Answer wider = keycloak.token(Map.of(
        "grant_type", "client_credentials", "client_id", KeycloakServer.INTEGRATOR,
        "client_secret", KeycloakServer.INTEGRATOR_SECRET, "scope", "system/*.rs"));
    assertThat(wider.status()).isEqualTo(400);
    assertThat(wider.json().path("error").asText()).isEqualTo("invalid_scope");
  }

  @Test
  void shippedRealmHoldsNoPrivateKeyAndPinsEachTrustsAlgorithm() throws IOException {
    Path realmFile = Path.of(System.getProperty("parity.keycloak.realm", "../deploy/keycloak/parity-realm.json"));
    String text = java.nio.file.Files.readString(realmFile);
    assertThat(text).doesNotContain("PRIVATE KEY").doesNotContain("\\\"d\\\"").doesNotContain("jwks.string\": \"{");

    JsonNode realm = new ObjectMapper().readTree(text);
    Map<String, JsonNode> clients = new LinkedHashMap<>();
    realm.path("clients").forEach(client -> clients.put(client.path("clientId").asText(), client));
    assertThat(clients.get("trust-demo-acute").path("clientAuthenticatorType").asText()).isEqualTo("client-jwt");
    assertThat(clients.get("trust-demo-acute").path("attributes").path("token.endpoint.auth.signing.alg").asText()).isEqualTo("RS384");
    assertThat(clients.get("trust-demo-general").path("clientAuthenticatorType").asText()).isEqualTo("client-jwt");
    assertThat(clients.get("trust-demo-general").path("attributes").path("token.endpoint.auth.signing.alg").asText()).isEqualTo("ES384");
    assertThat(clients.get(WARD_UI).path("publicClient").asBoolean()).isTrue();
    assertThat(clients.get(WARD_UI).path("directAccessGrantsEnabled").asBoolean()).isFalse();
    assertThat(clients.get(WARD_UI).path("implicitFlowEnabled").asBoolean()).isFalse();
  }

  private static Map<String, String> authorizationRequest(String redirectUri) {
    Map<String, String> request = new LinkedHashMap<>();
    request.put("client_id", WARD_UI);
    request.put("response_type", "code");
    request.put("redirect_uri", redirectUri);
    request.put("scope", "openid fhirUser user/*.cruds");
    request.put("state", "state-1");
    request.put("code_challenge", KeycloakServer.s256("a-verifier-of-at-least-forty-three-characters-0123456789"));
    request.put("code_challenge_method", "S256");
    return request;
  }

  private static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
    String scope = claims.getStringClaim("scope");
    assertThat(scope).as("scope claim").isNotNull();
    return Arrays.stream(scope.trim().split("\\s+")).collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static List<String> realmRoles(JWTClaimsSet claims) {
    Object realmAccess = claims.getClaim("realm_access");
    assertThat(realmAccess).as("realm_access").isInstanceOf(Map.class);
    return (List<String>) ((Map<String, Object>) realmAccess).get("roles");
  }
}
