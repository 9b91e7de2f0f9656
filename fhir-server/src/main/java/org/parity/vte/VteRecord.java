package org.parity.vte;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Reads the VTE feature needs, as the server (SystemRequestDetails: a REST caller's request would apply the
 * REST page size and return only a first page). Whether the caller may see the patient is decided before these
 * are used. Searches fetch ids first and then read each resource: these reads also run inside a write's
 * database transaction, where loading search results into the write's session would disturb Hibernate.
 */
@Component
public class VteRecord {

  private final DaoRegistry daos;

  public VteRecord(DaoRegistry daos) {
    this.daos = daos;
  }

  public <T extends IBaseResource> List<T> find(Class<T> type, SearchParameterMap map) {
    IFhirResourceDao<T> dao = daos.getResourceDao(type);
    SystemRequestDetails system = new SystemRequestDetails();
    return dao.searchForIds(map, system).stream()
        .map(id -> dao.readByPid(id))
        .filter(Objects::nonNull)
        .toList();
  }

  public <T extends IBaseResource> Optional<T> read(Class<T> type, IIdType id) {
    try {
      return Optional.of(daos.getResourceDao(type).read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return Optional.empty();
    }
  }

  /** The patient's current inpatient admission (in progress), the latest if there were several. */
  public Optional<Encounter> inProgressAdmission(String patientRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Encounter.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(Encounter.SP_STATUS, new TokenParam("in-progress"));
    return find(Encounter.class, map).stream()
        .filter(VteRecord::isInpatient)
        .filter(e -> e.getStatus() == Encounter.EncounterStatus.INPROGRESS)
        .max(Comparator.comparing(e -> e.getPeriod().hasStart() ? e.getPeriod().getStart().getTime() : 0L));
  }

  public static boolean isInpatient(Encounter encounter) {
    return VteFhirCodes.IMP_SYSTEM.equals(encounter.getClass_().getSystem())
        && "IMP".equals(encounter.getClass_().getCode());
  }

  /** The admission's open reassessment Task, if there is one. */
  public Optional<Task> openReassessment(String encounterRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, new ReferenceParam(encounterRef))
        .add(Task.SP_CODE, new TokenParam(VteFhirCodes.VTE, VteFhirCodes.REASSESSMENT_CODE))
        .add(Task.SP_STATUS, new TokenParam("requested"));
    return find(Task.class, map).stream()
        .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
        .min(Comparator.comparing(t -> t.getRestriction().getPeriod().hasEnd()
            ? t.getRestriction().getPeriod().getEnd().getTime() : Long.MAX_VALUE));
  }

  /** RiskAssessments derived from a QuestionnaireResponse ({@code basis}), entered-in-error left out. */
  public List<RiskAssessment> derivedFrom(String responseRef, String patientRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(RiskAssessment.SP_SUBJECT, new ReferenceParam(patientRef));
    return find(RiskAssessment.class, map).stream()
        .filter(r -> r.getStatus() != RiskAssessment.RiskAssessmentStatus.ENTEREDINERROR)
        .filter(r -> r.getBasis().stream().map(Reference::getReferenceElement)
            .anyMatch(id -> responseRef.equals(id.toUnqualifiedVersionless().getValue())))
        .toList();
  }

  static String ref(org.hl7.fhir.r4.model.Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }
}
