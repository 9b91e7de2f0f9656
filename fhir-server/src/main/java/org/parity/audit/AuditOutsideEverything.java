package org.parity.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.parity.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/[id]/$everything} returns the patient's record, not the audit trail of who looked at it.
 * AuditEvents name the patient, so FHIR counts them in the patient's compartment: without this, every
 * access would grow the next {@code $everything}, and callers not allowed to read audit (everyone but
 * auditors) would be refused the whole record. A {@code _type} the client gives is left as it is.
 */
@Component
public class AuditOutsideEverything implements RestInterceptor {

  private final String recordTypes;

  public AuditOutsideEverything(FhirContext fhir) {
    TreeSet<String> types = new TreeSet<>();
    for (String type : fhir.getResourceTypes()) {
      RuntimeResourceDefinition definition = fhir.getResourceDefinition(type);
      boolean inCompartment = definition.getSearchParams().stream().anyMatch(p ->
          p.getProvidesMembershipInCompartments() != null && p.getProvidesMembershipInCompartments().contains("Patient"));
      if (inCompartment || type.equals("Patient")) {
        types.add(type);
      }
    }
    types.remove("AuditEvent");
    this.recordTypes = String.join(",", types);
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void limitEverything(RequestDetails request) {
    if (request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
        && request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_TYPE) {
      return;
    }
    if (!"$everything".equals(request.getOperation()) || !"Patient".equals(request.getResourceName())
        || request.getParameters().containsKey("_type")) {
      return;
    }
    Map<String, String[]> parameters = new HashMap<>(request.getParameters());
    parameters.put("_type", new String[] {recordTypes});
    request.setParameters(parameters);
  }
}
