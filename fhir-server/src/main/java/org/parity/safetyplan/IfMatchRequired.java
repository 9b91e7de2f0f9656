package org.parity.safetyplan;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Two people editing one safety plan never overwrite each other silently: every update names the version it
 * started from ({@code If-Match}; in a transaction {@code entry.request.ifMatch}), or is refused with 412. A stale
 * version is refused by HAPI and answered 412 by {@link org.parity.fhir.IfMatchPreconditionFailed}.
 */
final class IfMatchRequired {

  private IfMatchRequired() {}

  static void check(RequestDetails request, CarePlan plan) {
    if (request == null || request instanceof SystemRequestDetails || carriesIfMatch(request, plan)) {
      return;
    }
    String reason = "Updating a safety plan needs If-Match with the version you started from (its ETag, e.g. "
        + "W/\"3\"), so that two people editing at once never overwrite each other";
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.CONFLICT).setDiagnostics(reason).addExpression("CarePlan.meta.versionId");
    PreconditionFailedException failed = new PreconditionFailedException(reason);
    failed.setOperationOutcome(outcome);
    throw failed;
  }

  private static boolean carriesIfMatch(RequestDetails request, CarePlan plan) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH) {
      if (!(request.getResource() instanceof Bundle bundle)) {
        return false;
      }
      String id = plan.getIdElement().getIdPart();
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        boolean same = entry.getResource() == plan
            || id != null && entry.getRequest().hasUrl() && entry.getRequest().getUrl().startsWith("CarePlan/" + id);
        if (same && entry.getRequest().hasIfMatch()) {
          return true;
        }
      }
      return false;
    }
    String header = request.getHeader(Constants.HEADER_IF_MATCH);
    return header != null && !header.isBlank();
  }
}
