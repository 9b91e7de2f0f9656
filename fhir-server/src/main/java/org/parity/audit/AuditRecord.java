package org.parity.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * What one FHIR request touched, gathered while it runs and kept on the request (its user data, which
 * HAPI shares with the sub-requests of transaction entries): the patients involved, the resources read or
 * written, and how it ended.
 */
final class AuditRecord {

  private static final String KEY = AuditRecord.class.getName();

  private final Set<String> patients = new LinkedHashSet<>();
  private final Set<String> resources = new LinkedHashSet<>();
  private Integer status;
  private String detail;

  static AuditRecord of(RequestDetails request) {
    synchronized (request.getUserData()) {
      Object existing = request.getUserData().get(KEY);
      if (existing instanceof AuditRecord record) {
        return record;
      }
      AuditRecord record = new AuditRecord();
      request.getUserData().put(KEY, record);
      return record;
    }
  }

  synchronized void patients(Collection<String> ids) {
    patients.addAll(ids);
  }

  synchronized void resource(String versionedId) {
    resources.add(versionedId);
  }

  synchronized void failed(int status, String detail) {
    this.status = status;
    this.detail = detail;
  }

  synchronized Set<String> patients() {
    return new LinkedHashSet<>(patients);
  }

  synchronized List<String> resources() {
    return new ArrayList<>(resources);
  }

  synchronized Integer status() {
    return status;
  }

  synchronized String detail() {
    return detail;
  }

  /**
   * The patients a resource belongs to: itself for a Patient, otherwise the owners of its Patient
   * compartment (subject, patient, performer... as the FHIR compartment definition lists them).
   */
  static Set<String> patientsOf(FhirContext context, Collection<? extends IBaseResource> resources) {
    Set<String> patients = new LinkedHashSet<>();
    for (IBaseResource resource : resources) {
      if (resource == null) {
        continue;
      }
      RuntimeResourceDefinition definition = context.getResourceDefinition(resource);
      if (definition.getName().equals("Patient")) {
        if (resource.getIdElement().hasIdPart()) {
          patients.add("Patient/" + resource.getIdElement().getIdPart());
        }
      } else if (!definition.getSearchParamsForCompartmentName("Patient").isEmpty()) {
        for (IIdType owner : context.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of())) {
          if (owner.hasIdPart() && !owner.getIdPart().startsWith("urn:")) {
            patients.add("Patient/" + owner.getIdPart());
          }
        }
      }
    }
    return patients;
  }
}
