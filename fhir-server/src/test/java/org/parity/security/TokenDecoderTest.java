package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The token checks themselves, against a JWKS served over real HTTP by a key this test controls, so every
 * way a token can be wrong (issuer, audience, expiry, type, signature, algorithm) can be made on purpose.
 * The same checks against tokens from the real Keycloak are in {@link TokenRefusalHttpTest}.
 */
class TokenDecoderTest {

  static final String ISSUER = "http://127.0.0.1:8180/realms/parity";
  static final String AUDIENCE = "http://127.0.0.1:8080/fhir";

  static HttpServer jwks;
  static RSAKey key;
  static RSAKey stranger;

  @BeforeAll
  static void serveKeys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("realm-key").generate();
    stranger = new RSAKeyGenerator(2048).keyID("realm-key").generate();
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/certs", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    jwks.start();
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  private static JwtDecoder decoder(String jwksUrl) {
    return SecurityConfig.jwtDecoder(new SecurityProperties(true, ISSUER, jwksUrl, AUDIENCE, "", "", Duration.ofHours(4),
        Map.of()));
  }

  private static JwtDecoder decoder() {
    return decoder("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs");
  }

  private static String token(RSAKey signer, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> change) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER).subject("user-1").audience(List.of(AUDIENCE, "account"))
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .claim("typ", "Bearer").claim("azp", "ward-ui").claim("scope", "openid user/*.cruds")
        .claim("preferred_username", "nurse.willow").claim("ward", List.of("ZZW01"))
        .claim("realm_access", Map.of("roles", List.of("nurse", "offline_access")))
        .claim("fhirUser", "Practitioner/demo-nurse-willow");
    change.accept(claims);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(signer.getKeyID()).type(JOSEObjectType.JWT).build(),
        claims.build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  private static String token(Consumer<JWTClaimsSet.Builder> change) throws Exception {
    return token(key, JWSAlgorithm.RS256, change);
  }

  @Test
  void aGoodAccessTokenBecomesACaller() throws Exception {
    Caller caller = Callers.fromJwt(decoder().decode(token(claims -> {})));
    assertThat(caller.username()).isEqualTo("nurse.willow");
    assertThat(caller.roles()).containsExactly(Role.NURSE);
    assertThat(caller.wards()).containsExactly("ZZW01");
    assertThat(caller.fhirUser()).contains("Practitioner/demo-nurse-willow");
    assertThat(caller.clientId()).isEqualTo("ward-ui");
    assertThat(decoder().decode(token(key, JWSAlgorithm.RS384, claims -> {})).getSubject()).isEqualTo("user-1");
  }

  @Test
  void wrongIssuerIsRefused() {
    assertThatThrownBy(() -> decoder().decode(token(claims -> claims.issuer("http://127.0.0.1:8180/realms/master"))))
        .isInstanceOf(BadJwtException.class).hasMessageContaining("iss");
  }

  @Test
  void wrongAudienceIsRefused() {
    assertThatThrownBy(() -> decoder().decode(token(claims -> claims.audience("ward-ui"))))
        .isInstanceOf(BadJwtException.class).hasMessageContaining("aud");
  }

  @Test
  void expiredTokenIsRefused() {
    Instant past = Instant.now().minusSeconds(600);
    assertThatThrownBy(() -> decoder().decode(token(claims -> claims.issueTime(Date.from(past.minusSeconds(300)))
        .expirationTime(Date.from(past))))).isInstanceOf(BadJwtException.class).hasMessageContaining("expired");
  }

  @Test
  void idTokenIsNotAnAccessToken() {
    assertThatThrownBy(() -> decoder().decode(token(claims -> claims.claim("typ", "ID"))))
        .isInstanceOf(BadJwtException.class).hasMessageContaining("typ");
  }

  @Test
  void forgedSignatureIsRefused() {
    assertThatThrownBy(() -> decoder().decode(token(stranger, JWSAlgorithm.RS256, claims -> {})))
        .isInstanceOf(BadJwtException.class);
  }

  @Test
  void unsignedTokenIsRefused() throws Exception {
    String none = new PlainJWT(new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience(AUDIENCE)
        .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("typ", "Bearer").build()).serialize();
    assertThatThrownBy(() -> decoder().decode(none)).isInstanceOf(BadJwtException.class);
  }

  @Test
  void unreachableKeycloakIsToldApartFromABadToken() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String good = token(claims -> {});
    assertThatThrownBy(() -> decoder("http://127.0.0.1:" + closed + "/certs").decode(good))
        .isInstanceOf(IdentityAwareDecoder.IdentityUnavailable.class);
  }
}
