package org.parity.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in and access settings (prefix {@code parity.security}); every one is explained in docs/configuration.md.
 *
 * @param enabled false only for local development and tests on loopback; the server refuses to start
 *     with security off on any other address
 * @param issuer the token issuer Keycloak writes in {@code iss} (its public realm URL)
 * @param jwkSetUri where the server fetches the realm's signing keys (may be an internal URL); empty means
 *     {@code issuer + /protocol/openid-connect/certs}
 * @param audience the FHIR base URL tokens must be issued for ({@code aud})
 * @param authorizationEndpoint public authorization endpoint advertised to SMART clients; empty means derived from issuer
 * @param tokenEndpoint public token endpoint advertised to SMART clients; empty means derived from issuer
 * @param breakGlassDuration how long break-glass access to one patient lasts
 * @param trustClients resource types each acute-trust system client may read, by client id ({@code *} for all)
 */
@ConfigurationProperties("parity.security")
public record SecurityProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("http://127.0.0.1:8180/realms/parity") String issuer,
    @DefaultValue("") String jwkSetUri,
    @DefaultValue("http://127.0.0.1:8080/fhir") String audience,
    @DefaultValue("") String authorizationEndpoint,
    @DefaultValue("") String tokenEndpoint,
    @DefaultValue("PT4H") Duration breakGlassDuration,
    @DefaultValue Map<String, List<String>> trustClients) {

  /** Whether an acute-trust system caller's client is configured to read this type; true for every other caller. */
  public boolean trustClientReads(Caller caller, String type) {
    if (!caller.has(Role.TRUST_SYSTEM) || caller.wardStaff() || caller.has(Role.PATIENT)) {
      return true;
    }
    List<String> configured = trustClients.get(caller.clientId());
    return configured != null && (configured.contains("*") || configured.contains(type));
  }

  public String effectiveJwkSetUri() {
    return jwkSetUri.isBlank() ? issuer + "/protocol/openid-connect/certs" : jwkSetUri;
  }

  public String effectiveAuthorizationEndpoint() {
    return authorizationEndpoint.isBlank() ? issuer + "/protocol/openid-connect/auth" : authorizationEndpoint;
  }

  public String effectiveTokenEndpoint() {
    return tokenEndpoint.isBlank() ? issuer + "/protocol/openid-connect/token" : tokenEndpoint;
  }
}
