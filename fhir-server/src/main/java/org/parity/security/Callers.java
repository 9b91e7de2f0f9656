package org.parity.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Maps the validated Keycloak access token of the current request to a {@link Caller}. */
public final class Callers {

  private Callers() {}

  /** The caller of the request on this thread; {@link Caller#UNSECURED} when no token was validated. */
  public static Caller current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof JwtAuthenticationToken token) {
      return fromJwt(token.getToken());
    }
    return Caller.UNSECURED;
  }

  public static Caller fromJwt(Jwt jwt) {
    String clientId = Optional.ofNullable(jwt.getClaimAsString("azp")).orElse("unknown");
    String username = Optional.ofNullable(jwt.getClaimAsString("preferred_username")).orElse(clientId);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Object realmAccess = jwt.getClaims().get("realm_access");
    if (realmAccess instanceof Map<?, ?> access && access.get("roles") instanceof Collection<?> names) {
      names.forEach(name -> Role.fromCode(String.valueOf(name)).ifPresent(roles::add));
    }
    return new Caller(
        jwt.getSubject(),
        username,
        clientId,
        Optional.ofNullable(jwt.getClaimAsString("fhirUser")).filter(ref -> !ref.isBlank()),
        Set.copyOf(roles),
        wards(jwt.getClaims().get("ward")),
        SmartScopes.parse(jwt.getClaimAsString("scope")),
        true);
  }

  private static Set<String> wards(Object claim) {
    Set<String> wards = new LinkedHashSet<>();
    if (claim instanceof Collection<?> values) {
      values.forEach(value -> wards.add(String.valueOf(value).trim()));
    } else if (claim instanceof String value) {
      for (String part : value.split("[,\\s]+")) {
        wards.add(part.trim());
      }
    }
    wards.remove("");
    return Set.copyOf(List.copyOf(wards));
  }
}
