package org.parity.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Readiness: the server cannot check tokens without the realm's keys, so it is not ready while Keycloak
 * cannot be reached, and says why ({@code /actuator/health/readiness}).
 */
@Component("identity")
@ConditionalOnProperty(name = "parity.security.enabled", havingValue = "true", matchIfMissing = true)
public class IdentityHealth implements HealthIndicator {

  private final SecurityProperties properties;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public IdentityHealth(SecurityProperties properties) {
    this.properties = properties;
  }

  @Override
  public Health health() {
    String url = properties.effectiveJwkSetUri();
    try {
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return Health.up().withDetail("jwks", url).build();
      }
      return Health.down().withDetail("jwks", url)
          .withDetail("reason", "Keycloak answered " + response.statusCode() + " for the realm's signing keys").build();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return Health.down().withDetail("jwks", url)
          .withDetail("reason", "Keycloak cannot be reached: " + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage())).build();
    }
  }
}
