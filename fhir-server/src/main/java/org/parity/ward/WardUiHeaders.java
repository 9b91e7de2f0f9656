package org.parity.ward;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.parity.security.SecurityProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for the ward UI: a strict Content-Security-Policy (the UI has no inline scripts or
 * styles and talks only to its own server and, with sign-in on, the identity service's token endpoint,
 * where it exchanges the sign-in code and refreshes tokens), no framing, no MIME sniffing.
 */
@Component
public class WardUiHeaders extends OncePerRequestFilter {

  static final String POLICY = policy("'self'");

  private final String policy;

  public WardUiHeaders(SecurityProperties security) {
    this.policy = security.enabled() ? policy("'self' " + origin(security.effectiveTokenEndpoint())) : POLICY;
  }

  static String policy(String connectSrc) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src " + connectSrc + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  }

  /** scheme://host[:port] of a URL. */
  static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(request.getContextPath() + "/ward");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", policy);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    chain.doFilter(request, response);
  }
}
