package org.parity.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.parity.fhir.RestInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * No role deletes anything over the API and nobody writes the audit trail (docs/security.md), so those
 * requests are answered 405 with an {@code Allow} header, saying what to do instead, before any access
 * rule runs: a clear "not supported" rather than a 403 that suggests someone else could.
 */
@Component
@ConditionalOnProperty(name = "parity.security.enabled", havingValue = "true", matchIfMissing = true)
public class NoDeletes implements RestInterceptor {

  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -100)
  public void refuse(RequestDetails request) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation == RestOperationTypeEnum.DELETE) {
      throw new MethodNotAllowedException("Records are never deleted in Parity: mark a mistaken entry "
          + "entered-in-error with a reason (an update), so the history stays", allowed(request));
    }
    if ("AuditEvent".equals(request.getResourceName()) && (operation == RestOperationTypeEnum.CREATE
        || operation == RestOperationTypeEnum.UPDATE || operation == RestOperationTypeEnum.PATCH)) {
      throw new MethodNotAllowedException("AuditEvents are written by the server only and never changed",
          RequestTypeEnum.GET);
    }
  }

  private static RequestTypeEnum[] allowed(RequestDetails request) {
    return request.getId() != null && request.getId().hasIdPart()
        ? new RequestTypeEnum[] {RequestTypeEnum.GET, RequestTypeEnum.PUT, RequestTypeEnum.PATCH}
        : new RequestTypeEnum[] {RequestTypeEnum.GET, RequestTypeEnum.POST};
  }
}
