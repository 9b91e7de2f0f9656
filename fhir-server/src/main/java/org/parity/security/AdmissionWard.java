package org.parity.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Location;
import org.parity.fhir.StorageInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Ward staff admit only to their own wards: a new Encounter created by them must name one of their wards,
 * or a bed on one. Otherwise creating an admission would open any patient's record to anyone.
 */
@Component
@ConditionalOnProperty(name = "parity.security.enabled", havingValue = "true", matchIfMissing = true)
public class AdmissionWard implements StorageInterceptor {

  private final WardPatients wardPatients;
  private final DaoRegistry daos;

  public AdmissionWard(WardPatients wardPatients, DaoRegistry daos) {
    this.wardPatients = wardPatients;
    this.daos = daos;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    if (!(resource instanceof Encounter encounter) || request == null || request instanceof SystemRequestDetails) {
      return;
    }
    Caller caller = RequestAccess.of(request).caller();
    if (!caller.authenticated() || !caller.wardStaff()) {
      return;
    }
    Set<String> wards = wardPatients.wardLocations(caller.wards());
    for (Encounter.EncounterLocationComponent location : encounter.getLocation()) {
      String ref = location.getLocation().getReferenceElement().toUnqualifiedVersionless().getValue();
      if (ref != null && (wards.contains(ref) || bedOnWard(ref, wards))) {
        return;
      }
    }
    throw new ForbiddenOperationException("Encounter.location: you can admit only to your own wards ("
        + String.join(", ", caller.wards()) + ")");
  }

  private boolean bedOnWard(String ref, Set<String> wards) {
    if (!ref.startsWith("Location/")) {
      return false;
    }
    try {
      Location bed = (Location) daos.getResourceDao(Location.class)
          .read(new org.hl7.fhir.r4.model.IdType(ref), new SystemRequestDetails());
      return wards.contains(bed.getPartOf().getReferenceElement().toUnqualifiedVersionless().getValue());
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }
}
