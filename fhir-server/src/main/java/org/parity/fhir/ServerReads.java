package org.parity.fhir;

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
import org.springframework.stereotype.Component;

/**
 * Reads that features' rules need, made as the server (SystemRequestDetails: a REST caller's request would apply
 * the REST page size and return only a first page). Whether the caller may see the patient is decided before these
 * are used. Searches fetch ids first and then read each resource: these reads also run inside a write's database
 * transaction, where loading search results into the write's session would disturb Hibernate.
 */
@Component
public class ServerReads {

  static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  private final DaoRegistry daos;

  public ServerReads(DaoRegistry daos) {
    this.daos = daos;
  }

  public <T extends IBaseResource> List<T> find(Class<T> type, SearchParameterMap map) {
    IFhirResourceDao<T> dao = daos.getResourceDao(type);
    return dao.searchForIds(map, new SystemRequestDetails()).stream()
        .map(dao::readByPid)
        .filter(Objects::nonNull)
        .toList();
  }

  /**
   * One search as the server, every match loaded in one batch, with what its {@code _include}s bring (so the list
   * may hold other types than {@code type}). Not getAllResources(): a large synchronous result may not know its size.
   */
  public List<IBaseResource> search(Class<? extends IBaseResource> type, SearchParameterMap map) {
    return daos.getResourceDao(type).search(map, new SystemRequestDetails()).getResources(0, Integer.MAX_VALUE);
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
        .filter(ServerReads::isInpatient)
        .filter(e -> e.getStatus() == Encounter.EncounterStatus.INPROGRESS)
        .max(Comparator.comparing(e -> e.getPeriod().hasStart() ? e.getPeriod().getStart().getTime() : 0L));
  }

  public static boolean isInpatient(Encounter encounter) {
    return ACT_CODE.equals(encounter.getClass_().getSystem()) && "IMP".equals(encounter.getClass_().getCode());
  }
}
