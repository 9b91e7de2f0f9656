package org.parity.subscriptions;

import java.util.Map;
import org.parity.security.Caller;
import org.parity.security.Callers;
import org.parity.security.IdentityAwareDecoder;
import org.parity.security.Role;
import org.parity.security.SecurityConfig;
import org.parity.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Browsers cannot put an Authorization header on a WebSocket, so the access token comes as the {@code access_token}
 * query parameter (RFC 6750 section 2.3) and is checked here exactly as on {@code /fhir}: signature, issuer,
 * audience, expiry, type. Ward staff and system clients may connect; patients, auditors and no token get 401/403.
 * The connection then carries only {@code ping [id]}, never a record. With sign-in off (loopback
 * development) the handshake is open.
 */
class WebsocketHandshake implements HandshakeInterceptor {

  private static final Logger log = LoggerFactory.getLogger(WebsocketHandshake.class);

  private final SecurityProperties security;
  private volatile JwtDecoder decoder;

  WebsocketHandshake(SecurityProperties security) {
    this.security = security;
  }

  @Override
  public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Map<String, Object> attributes) {
    if (!security.enabled()) {
      return true;
    }
    String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("access_token");
    if (token == null || token.isBlank()) {
      response.setStatusCode(HttpStatus.UNAUTHORIZED);
      return false;
    }
    Caller caller;
    try {
      caller = Callers.fromJwt(decoder().decode(java.net.URLDecoder.decode(token, java.nio.charset.StandardCharsets.UTF_8)));
    } catch (IdentityAwareDecoder.IdentityUnavailable e) {
      // The token may be fine: Keycloak's keys could not be fetched.
      log.warn("Websocket handshake: token could not be checked: {}", e.getMessage());
      response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
      return false;
    } catch (JwtException e) {
      response.setStatusCode(HttpStatus.UNAUTHORIZED);
      return false;
    }
    if (!(caller.wardStaff() || caller.has(Role.TRUST_SYSTEM) || caller.has(Role.INTEGRATOR))) {
      response.setStatusCode(HttpStatus.FORBIDDEN);
      return false;
    }
    attributes.put("parity.caller", caller.username());
    return true;
  }

  @Override
  public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Exception exception) {}

  private JwtDecoder decoder() {
    if (decoder == null) {
      decoder = SecurityConfig.jwtDecoder(security);
    }
    return decoder;
  }
}
