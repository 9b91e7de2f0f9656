package org.parity.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * AuditEvents are written only by the server ({@link AuditWriter}, as SystemRequestDetails) and never change:
 * any client create, update, patch or delete of one, directly or inside a transaction or batch, answers
 * 405 Method Not Allowed ({@code Allow: GET}) with an OperationOutcome. 405 for create too, not 403: no caller,
 * however privileged, may create one, so it is a property of the resource type, not a permission.
 */
@Component
public class AuditEventGuard implements StorageInterceptor {

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    guard(resource, request, "created");
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    guard(previous, request, "changed");
    guard(resource, request, "changed");
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    guard(resource, request, "deleted");
  }

  private static void guard(IBaseResource resource, RequestDetails request, String action) {
    if (!(resource instanceof AuditEvent) || request instanceof SystemRequestDetails) {
      return;
    }
    String message = "AuditEvents are recorded by the server and cannot be " + action
        + " over the API; they can only be read";
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.NOTSUPPORTED).setDiagnostics(message);
    MethodNotAllowedException refused = new MethodNotAllowedException(message, outcome);
    refused.setAllowedMethods(RequestTypeEnum.GET);
    throw refused;
  }
}
