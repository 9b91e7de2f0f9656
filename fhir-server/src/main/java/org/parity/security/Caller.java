package org.parity.security;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as the validated access token says. The token only proposes: what the caller may do is
 * decided from these facts by the access matrix and the ward relationship, never by the token alone.
 *
 * @param subject the token's {@code sub} (Keycloak user or service-account id); "anonymous" when security is off
 * @param username {@code preferred_username}, or the client id for a system
 * @param clientId the OAuth client that obtained the token ({@code azp})
 * @param fhirUser the user's own FHIR resource ({@code Practitioner/x} or {@code Patient/y}), if any
 * @param roles realm roles Parity knows; unknown roles are ignored
 * @param wards ODS site codes of the wards the user works on (the {@code ward} claim)
 * @param scopes the SMART scopes granted in the token
 * @param authenticated false only when security is switched off for local development
 */
public record Caller(
    String subject,
    String username,
    String clientId,
    Optional<String> fhirUser,
    Set<Role> roles,
    Set<String> wards,
    SmartScopes scopes,
    boolean authenticated) {

  /** The caller of every request when {@code parity.security.enabled=false} (loopback development only). */
  public static final Caller UNSECURED = new Caller("anonymous", "anonymous (security disabled)", "none",
      Optional.empty(), Set.of(), Set.of(), SmartScopes.parse(""), false);

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean wardStaff() {
    return roles.stream().anyMatch(Role::wardStaff);
  }

  /** The patient's own id (without type) for a patient token. */
  public Optional<String> patientId() {
    return fhirUser.filter(ref -> ref.startsWith("Patient/")).map(ref -> ref.substring("Patient/".length()));
  }
}
