package org.parity.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
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
