package org.parity.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * An update whose {@code If-Match} names an old version answers 412 Precondition Failed, as FHIR's
 * http.html#concurrency requires (HAPI answers 409), also for transaction entries with {@code request.ifMatch}.
 * The OperationOutcome is kept.
 */
@Component
public class IfMatchPreconditionFailed implements RestInterceptor {

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException translate(RequestDetails request, Throwable exception, HttpServletRequest servletRequest) {
    if (exception instanceof ResourceVersionConflictException conflict
        && (servletRequest.getHeader("If-Match") != null || bundleEntryNamesVersion(request))) {
      PreconditionFailedException failed = new PreconditionFailedException(conflict.getMessage());
      failed.setOperationOutcome(conflict.getOperationOutcome());
      return failed;
    }
    return null;
  }

  /** A transaction or batch whose entries carry {@code request.ifMatch}: a conflict there is a stale version too. */
  private static boolean bundleEntryNamesVersion(RequestDetails request) {
    return request != null && request.getResource() instanceof org.hl7.fhir.r4.model.Bundle bundle
        && bundle.getEntry().stream().anyMatch(e -> e.getRequest().hasIfMatch());
  }
}
