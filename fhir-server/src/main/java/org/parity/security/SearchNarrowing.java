package org.parity.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.Map;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import org.hl7.fhir.instance.model.api.IIdType;
import org.parity.fhir.RestInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Narrows searches by ward staff and patients to the patients they may see, so a nurse's
 * {@code Observation?code=...} returns her ward's patients instead of failing on someone else's.
 */
@Component
@ConditionalOnProperty(name = "parity.security.enabled", havingValue = "true", matchIfMissing = true)
public class SearchNarrowing extends SearchNarrowingInterceptor implements RestInterceptor {

  /** A compartment no patient has: staff with nobody on their wards find nothing rather than everything. */
  static final String NOBODY = "Patient/parity-no-patient";

  private final PatientScope patientScope;

  public SearchNarrowing(PatientScope patientScope) {
    this.patientScope = patientScope;
  }

  /**
   * Task is outside FHIR R4's Patient compartment, so HAPI does not narrow it: a staff or patient search for
   * Tasks without {@code patient} gets the caller's patients added, as the compartment types do.
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void narrowTasks(RequestDetails request) {
    if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE || !"Task".equals(request.getResourceName())
        || request.getParameters().keySet().stream().anyMatch(name -> name.equals("patient") || name.startsWith("patient:"))) {
      return;
    }
    RequestAccess access = RequestAccess.of(request);
    Caller caller = access.caller();
    if (!caller.authenticated() || !PatientScope.restricted(caller)) {
      return;
    }
    var patients = patientScope.patientsOf(caller, access);
    String list = patients.isEmpty() ? NOBODY
        : String.join(",", patients.stream().map(p -> p.toUnqualifiedVersionless().getValue()).toList());
    Map<String, String[]> parameters = new HashMap<>(request.getParameters());
    parameters.put("patient", new String[] {list});
    request.setParameters(parameters);
  }

  @Override
  protected AuthorizedList buildAuthorizedList(RequestDetails request) {
    RequestAccess access = RequestAccess.of(request);
    Caller caller = access.caller();
    if (!caller.authenticated() || !PatientScope.restricted(caller)) {
      return null;
    }
    AuthorizedList list = new AuthorizedList();
    var patients = patientScope.patientsOf(caller, access);
    if (patients.isEmpty()) {
      return list.addCompartment(NOBODY);
    }
    for (IIdType patient : patients) {
      list.addCompartment(patient.toUnqualifiedVersionless().getValue());
    }
    return list;
  }
}
