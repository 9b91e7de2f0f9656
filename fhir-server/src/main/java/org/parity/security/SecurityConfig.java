package org.parity.security;

import ca.uhn.fhir.context.FhirContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The FHIR endpoint is an OAuth 2.0 resource server: every {@code /fhir} request except the
 * CapabilityStatement and the SMART configuration needs a valid Keycloak access token (signature, issuer,
 * audience = the FHIR base URL, expiry, type Bearer). What the token allows is decided later, per request,
 * by {@link AccessRules}. The ward UI's static files are public; they hold no patient data.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfig {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

  @Bean
  public SecurityFilterChain fhirSecurity(HttpSecurity http, SecurityProperties properties,
      @Value("${server.address:}") String serverAddress, ObjectProvider<RefusalAudit> audit, FhirContext fhir)
      throws Exception {
    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .headers(headers -> headers.cacheControl(cache -> cache.disable()));
    if (!properties.enabled()) {
      requireLoopback(serverAddress);
      log.warn("parity.security.enabled=false: the FHIR API is open to anyone who can reach {} (local development only)",
          serverAddress);
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
    BearerFailure failure = new BearerFailure(audit, fhir);
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/fhir/metadata", "/fhir/.well-known/**").permitAll()
            .requestMatchers("/fhir", "/fhir/**").authenticated()
            .anyRequest().permitAll())
        .oauth2ResourceServer(resourceServer -> resourceServer
            .jwt(jwt -> jwt.decoder(jwtDecoder(properties)))
            .authenticationEntryPoint(failure)
            .accessDeniedHandler(failure))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(failure).accessDeniedHandler(failure));
    return http.build();
  }

  /** Validates Keycloak access tokens against the realm's published keys; ID and refresh tokens fail the audience check. */
  public static JwtDecoder jwtDecoder(SecurityProperties properties) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.effectiveJwkSetUri())
        .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.PS256)))
        .build();
    OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
        aud -> aud != null && aud.contains(properties.audience()));
    // Keycloak marks access tokens typ=Bearer; ID tokens say ID and must not be accepted as access tokens.
    OAuth2TokenValidator<Jwt> accessToken = new JwtClaimValidator<String>("typ",
        typ -> typ == null || "Bearer".equalsIgnoreCase(typ));
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefaultWithIssuer(properties.issuer()), audience, accessToken));
    return new IdentityAwareDecoder(decoder);
  }

  private static void requireLoopback(String address) {
    try {
      if (address == null || address.isBlank() || !InetAddress.getByName(address).isLoopbackAddress()) {
        throw new IllegalStateException("parity.security.enabled=false is allowed only with server.address on "
            + "loopback (127.0.0.1), not '" + address + "': the record would be open to the network");
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("server.address '" + address + "' cannot be resolved", e);
    }
  }
}
