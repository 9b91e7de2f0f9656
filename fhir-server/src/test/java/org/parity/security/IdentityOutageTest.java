package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Keycloak unreachable: the client hears 503 (try again), not 401 (sign in again), and the readiness check
 * says why. Uses a port nothing listens on, as a Keycloak that is down looks to this server.
 */
class IdentityOutageTest {

  private static SecurityProperties pointingAtNothing() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    return new SecurityProperties(true, "http://127.0.0.1:" + closed + "/realms/parity", "", "http://127.0.0.1:8080/fhir",
        "", "", Duration.ofHours(4), Map.of());
  }

  @Test
  void readinessIsDownAndSaysWhy() throws Exception {
    Health health = new IdentityHealth(pointingAtNothing()).health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(String.valueOf(health.getDetails().get("reason"))).contains("Keycloak cannot be reached");
  }

  @Test
  void aTokenThatCannotBeCheckedGets503WithRetryAfter() throws Exception {
    SecurityProperties properties = pointingAtNothing();
    BearerFailure failure = new BearerFailure(new StaticListableBeanFactory().getBeanProvider(RefusalAudit.class),
        ca.uhn.fhir.context.FhirContext.forR4Cached());
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
    request.addHeader("Authorization", "Bearer x.y.z");
    MockHttpServletResponse response = new MockHttpServletResponse();
    Exception cause;
    try {
      SecurityConfig.jwtDecoder(properties).decode(TokenDecoderTestTokens.wellFormed());
      throw new AssertionError("decoding should fail without Keycloak");
    } catch (IdentityAwareDecoder.IdentityUnavailable e) {
      cause = e;
    }
    failure.commence(request, response, new InvalidBearerTokenException(cause.getMessage(), cause));
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("30");
    assertThat(response.getContentAsString()).contains("OperationOutcome").contains("cannot be reached");
  }

  @Test
  void aBadTokenStillGets401() throws Exception {
    BearerFailure failure = new BearerFailure(new StaticListableBeanFactory().getBeanProvider(RefusalAudit.class),
        ca.uhn.fhir.context.FhirContext.forR4Cached());
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
    request.addHeader("Authorization", "Bearer x.y.z");
    MockHttpServletResponse response = new MockHttpServletResponse();
    failure.commence(request, response, new InvalidBearerTokenException("Jwt expired"));
    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).contains("invalid_token");
  }
}
