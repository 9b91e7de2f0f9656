package org.parity.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.parity.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/[id]/$everything} without {@code _type} returns what the caller may read of the record:
 * never the audit trail of who looked at it (AuditEvents name the patient, so FHIR counts them in the
 * compartment, and every access would grow the next {@code $everything}), and for a signed-in caller only
 * the types their scope, role and client allow — otherwise one unreadable resource would refuse the whole
 * record. A {@code _type} the client gives is left to the access rules.
 */
@Component
public class EverythingScope implements RestInterceptor {

  private final Set<String> recordTypes;
  private final SecurityProperties properties;

  public EverythingScope(FhirContext fhir, SecurityProperties properties) {
    this.properties = properties;
    TreeSet<String> types = new TreeSet<>(PatientCompartment.types(fhir));
    types.remove("AuditEvent");
    this.recordTypes = Set.copyOf(types);
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void limitEverything(RequestDetails request) {
    if (request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
        || !"$everything".equals(request.getOperation()) || !"Patient".equals(request.getResourceName())
        || request.getParameters().containsKey("_type")) {
      return;
    }
    Caller caller = RequestAccess.of(request).caller();
    TreeSet<String> types = new TreeSet<>();
    for (String type : recordTypes) {
      if (!caller.authenticated() || AccessMatrix.permits(caller, type, SmartScopes.Permission.READ)
          && properties.trustClientReads(caller, type)) {
        types.add(type);
      }
    }
    Map<String, String[]> parameters = new HashMap<>(request.getParameters());
    parameters.put("_type", new String[] {String.join(",", types)});
    request.setParameters(parameters);
  }
}
