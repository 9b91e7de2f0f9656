package org.parity.security;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * The patients a caller may reach in this request: for ward staff, those admitted to their wards now plus
 * any they hold a break-glass grant for; for a patient, their own record. Systems, integrators and
 * auditors are not limited by patient (their limits are by resource type).
 */
@Component
public class PatientScope {

  private static final String KEY = PatientScope.class.getName();

  private final WardPatients wardPatients;
  private final BreakGlassGrants breakGlass;

  public PatientScope(WardPatients wardPatients, BreakGlassGrants breakGlass) {
    this.wardPatients = wardPatients;
    this.breakGlass = breakGlass;
  }

  /** Whether this caller's access is limited to particular patients. */
  public static boolean restricted(Caller caller) {
    return caller.wardStaff() || caller.has(Role.PATIENT);
  }

  /** The patients ({@code Patient/id}) of this request, computed once per request. */
  @SuppressWarnings("unchecked")
  public Set<IIdType> patientsOf(Caller caller, RequestAccess access) {
    Object cached = access.attributes().get(KEY);
    if (cached != null) {
      return (Set<IIdType>) cached;
    }
    Set<String> ids = new LinkedHashSet<>();
    if (caller.wardStaff()) {
      ids.addAll(wardPatients.currentInpatients(wardPatients.wardLocations(caller.wards())));
      Map<String, java.time.Instant> grants = breakGlass.active(caller);
      for (String patient : grants.keySet()) {
        if (ids.add(patient)) {
          access.breakGlassPatients().add(patient);
        }
      }
    }
    if (caller.has(Role.PATIENT)) {
      caller.patientId().ifPresent(id -> ids.add("Patient/" + id));
    }
    Set<IIdType> patients = new LinkedHashSet<>();
    ids.forEach(id -> patients.add(new IdType(id)));
    access.attributes().put(KEY, patients);
    return patients;
  }
}
