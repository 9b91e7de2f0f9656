package org.parity.security;

import com.nimbusds.jose.KeySourceException;
import java.io.IOException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Tells a bad token from an unreachable Keycloak. When the realm's keys cannot be fetched the token may be
 * perfectly good, so the client must hear 503 (try again) rather than 401 (sign in again).
 */
public final class IdentityAwareDecoder implements JwtDecoder {

  /** Raised when the signing keys cannot be fetched; {@link BearerFailure} answers 503. */
  public static final class IdentityUnavailable extends BadJwtException {
    IdentityUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final JwtDecoder delegate;

  IdentityAwareDecoder(JwtDecoder delegate) {
    this.delegate = delegate;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    try {
      return delegate.decode(token);
    } catch (JwtException e) {
      if (keysUnavailable(e)) {
        throw new IdentityUnavailable("The identity service (Keycloak) cannot be reached to check the token", e);
      }
      throw e;
    }
  }

  private static boolean keysUnavailable(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof KeySourceException || cause instanceof IOException
          || cause.getMessage() != null && cause.getMessage().contains("Couldn't retrieve remote JWK set")) {
        return true;
      }
    }
    return false;
  }
}
