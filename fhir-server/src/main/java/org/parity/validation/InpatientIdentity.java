package org.parity.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * An inpatient's Patient must carry an NHS number, whatever profile either resource claims. Checked just
 * before commit, when references inside a transaction point at stored resources, so a Patient and its
 * admission can arrive together; a refusal rolls the whole transaction back.
 */
@Component
public class InpatientIdentity implements StorageInterceptor {

  private final DaoRegistry daos;

  public InpatientIdentity(DaoRegistry daos) {
    this.daos = daos;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    check(resource);
  }

  private void check(IBaseResource resource) {
    if (!(resource instanceof Encounter encounter) || !"IMP".equals(encounter.getClass_().getCode())
        || !encounter.hasSubject() || !encounter.getSubject().hasReference()
        || !"Patient".equals(encounter.getSubject().getReferenceElement().getResourceType())) {
      return;
    }
    Patient patient = (Patient) daos.getResourceDao(Patient.class)
        .read(encounter.getSubject().getReferenceElement().toUnqualifiedVersionless(), new SystemRequestDetails());
    boolean hasNhsNumber = patient.getIdentifier().stream()
        .anyMatch(i -> NhsNumber.SYSTEM.equals(i.getSystem()) && NhsNumber.isValid(i.getValue()));
    if (!hasNhsNumber) {
      new Refusal().rule("Encounter.subject", "An inpatient must have an NHS number: "
          + encounter.getSubject().getReference() + " has no identifier with system " + NhsNumber.SYSTEM).throwIfAny();
    }
  }
}
