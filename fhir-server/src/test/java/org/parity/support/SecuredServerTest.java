package org.parity.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shared secured server context: sign-in on, tokens from the real Keycloak distribution (started once
 * per JVM by {@link KeycloakServer}) with the repository's realm, demo hospital loaded, real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"parity.security.enabled=true",
    // Its own in-memory database: the open H2 test context may be alive in the same JVM.
    "spring.datasource.url=jdbc:h2:mem:parity-secured;DB_CLOSE_DELAY=-1"})
@ActiveProfiles("test")
public abstract class SecuredServerTest {

  private static final Map<String, Cached> TOKENS = new ConcurrentHashMap<>();

  private record Cached(String token, Instant fetched) {}

  @LocalServerPort
  protected int port;

  @DynamicPropertySource
  static void keycloak(DynamicPropertyRegistry registry) {
    registry.add("parity.security.issuer", () -> KeycloakServer.get().issuer());
  }

  protected static KeycloakServer keycloak() {
    return KeycloakServer.get();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String fhirBase() {
    return baseUrl() + "/fhir";
  }

  /** An access token for a demo user through the real authorization code + PKCE flow, reused for a minute. */
  protected static String token(String username) {
    return cached("user:" + username, () -> keycloak().userToken(username, KeycloakServer.DEMO_PASSWORD).accessToken());
  }

  /** An access token for an acute-trust system through SMART Backend Services (private_key_jwt). */
  protected static String trustToken(String clientId) {
    return cached("trust:" + clientId, () -> keycloak().trustToken(clientId, "system/*.rs").accessToken());
  }

  protected static String integratorToken() {
    return cached("integrator", () -> keycloak().integratorToken().accessToken());
  }

  private static String cached(String key, java.util.function.Supplier<String> fetch) {
    Cached cached = TOKENS.get(key);
    // Keycloak's access tokens live 300 s; fetch anew well before that.
    if (cached == null || cached.fetched().isBefore(Instant.now().minus(Duration.ofSeconds(60)))) {
      cached = new Cached(fetch.get(), Instant.now());
      TOKENS.put(key, cached);
    }
    return cached.token();
  }

  protected static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  protected Http.Response get(String token, String path) {
    return Http.get(fhirBase() + path, bearer(token));
  }

  protected Http.Response post(String token, String path, String json) {
    return Http.postJson(fhirBase() + path, json, bearer(token));
  }
}
