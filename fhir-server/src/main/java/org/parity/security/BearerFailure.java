package org.parity.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers requests refused at the door as FHIR clients expect: an OperationOutcome, 401 with a
 * {@code WWW-Authenticate: Bearer} challenge for a missing or bad token (RFC 6750), 503 with
 * {@code Retry-After} when Keycloak cannot be reached to check it. Each refusal is audited.
 */
final class BearerFailure implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ObjectProvider<RefusalAudit> audit;
  private final FhirContext fhir;

  BearerFailure(ObjectProvider<RefusalAudit> audit, FhirContext fhir) {
    this.audit = audit;
    this.fhir = fhir;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    if (hasCause(failure, IdentityAwareDecoder.IdentityUnavailable.class)) {
      response.setHeader("Retry-After", "30");
      write(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, IssueType.TRANSIENT,
          "The identity service (Keycloak) cannot be reached to check the access token; try again shortly");
      return;
    }
    boolean noToken = request.getHeader("Authorization") == null;
    String reason = noToken ? "An access token is required (Authorization: Bearer)"
        : "The access token is not valid: " + failure.getMessage();
    response.setHeader("WWW-Authenticate", noToken ? "Bearer realm=\"parity\""
        : "Bearer realm=\"parity\", error=\"invalid_token\", error_description=\"" + quoteSafe(failure.getMessage()) + "\"");
    write(request, response, HttpServletResponse.SC_UNAUTHORIZED, IssueType.LOGIN, reason);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    write(request, response, HttpServletResponse.SC_FORBIDDEN, IssueType.FORBIDDEN, "Access denied: " + denied.getMessage());
  }

  private void write(HttpServletRequest request, HttpServletResponse response, int status, IssueType code, String text)
      throws IOException {
    RefusalAudit trail = audit.getIfAvailable();
    if (trail != null) {
      trail.recordRefusedBeforeFhir(request, status, text);
    }
    response.setStatus(status);
    response.setContentType("application/fhir+json;charset=UTF-8");
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(code).setDiagnostics(text);
    response.getOutputStream().write(fhir.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean hasCause(Throwable error, Class<?> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String quoteSafe(String text) {
    return text == null ? "" : text.replace("\"", "'").replaceAll("[\\r\\n]", " ");
  }

}
