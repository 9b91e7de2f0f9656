package org.parity.wardboard;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/**
 * The FHIR searches behind one ward board, each across the whole ward at once (never one query per patient): the
 * admissions with their patients and locations, and the NEWS2 totals the open NEWS2 Tasks name. The open Tasks and
 * active Flags come from the read model ({@link BoardItems}). Searches run as the server; who may see the ward is decided by the access rules before this runs.
 */
@Component
public class WardBoardReader {

  static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  private final DaoRegistry daos;
  private final ServerReads reads;

  public WardBoardReader(DaoRegistry daos, ServerReads reads) {
    this.daos = daos;
    this.reads = reads;
  }

  private List<IBaseResource> search(Class<? extends IBaseResource> type, SearchParameterMap map) {
    return reads.search(type, map);
  }

  public Location ward(IdType id) {
    return (Location) daos.getResourceDao(Location.class).read(id.toUnqualifiedVersionless().withResourceType("Location"),
        new SystemRequestDetails());
  }

  /** Admissions now on the ward, with their patients and locations (ward and bed), from one search. */
  public record Admissions(List<Encounter> encounters, Map<String, Patient> patients, Map<String, Location> locations) {}

  public Admissions admissions(String wardRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add("current-location", new ReferenceParam(wardRef))
        .add(Encounter.SP_STATUS, new TokenParam("in-progress"))
        .add(Encounter.SP_CLASS, new TokenParam(ACT_CODE, "IMP"));
    map.addInclude(new Include("Encounter:subject"));
    map.addInclude(new Include("Encounter:location"));
    List<Encounter> encounters = new ArrayList<>();
    Map<String, Patient> patients = new LinkedHashMap<>();
    Map<String, Location> locations = new LinkedHashMap<>();
    for (IBaseResource resource : search(Encounter.class, map)) {
      String id = resource.getIdElement().toUnqualifiedVersionless().getValue();
      if (resource instanceof Encounter encounter) {
        encounters.add(encounter);
      } else if (resource instanceof Patient patient) {
        patients.put(id, patient);
      } else if (resource instanceof Location location) {
        locations.put(id, location);
      }
    }
    return new Admissions(encounters, patients, locations);
  }

  /**
   * These Observations ({@code Observation/id}), in one search by id (the primary key): the NEWS2 totals the open
   * news2-observations Tasks name, so the board never searches the ward's vital signs, whose number grows with
   * every day of every admission.
   */
  public List<Observation> observations(Collection<String> refs) {
    if (refs.isEmpty()) {
      return List.of();
    }
    TokenOrListParam ids = new TokenOrListParam();
    refs.forEach(ref -> ids.addOr(new TokenParam(new IdType(ref).getIdPart())));
    SearchParameterMap map = SearchParameterMap.newSynchronous().add("_id", ids);
    return search(Observation.class, map).stream().map(Observation.class::cast).toList();
  }
}
