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
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/**
 * The few searches behind one ward board, each across the whole ward at once (never one query per patient): the
 * admissions with their patients and locations, the open Tasks, the active Flags, and the NEWS2 totals the open
 * NEWS2 Tasks name. Searches run as the server; who may see the ward is decided by the access rules before this runs.
 */
@Component
public class WardBoardReader {

  static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  private final DaoRegistry daos;
  private final ca.uhn.fhir.rest.server.util.ISearchParamRegistry searchParams;

  private final ServerReads reads;

  public WardBoardReader(DaoRegistry daos, ca.uhn.fhir.rest.server.util.ISearchParamRegistry searchParams,
      ServerReads reads) {
    this.daos = daos;
    this.searchParams = searchParams;
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

  // Each search below is scoped by the ward through the admission (Task.encounter, Flag.encounter,
  // Observation.encounter chained to Encounter.location), not by a list of patients: on H2 a search naming 24
  // patients took seconds where the chain takes tens of milliseconds (docs/performance.md). The chain also finds
  // admissions that have left the ward; the operation keeps only the current admissions' rows.

  private static ReferenceParam onWard(String wardRef) {
    // (type, chain, value) as REST parses encounter:Encounter.location=Location/…; (chain, value) would take the
    // value's type for the first hop.
    return new ReferenceParam("Encounter", "location", wardRef);
  }

  /** Open Tasks (requested, ready, in progress) of admissions on this ward. */
  public List<Task> openTasks(String wardRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, onWard(wardRef))
        .add(Task.SP_STATUS, new TokenOrListParam().add(new TokenParam("requested")).add(new TokenParam("ready"))
            .add(new TokenParam("in-progress")));
    return search(Task.class, map).stream().map(Task.class::cast).toList();
  }

  /**
   * Active Flags of admissions on this ward. R4 defines no Flag status search parameter: when the package's
   * {@code Flag?status} is installed the database filters, otherwise closed Flags are read and left out here.
   */
  public List<Flag> activeFlags(String wardRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous().add(Flag.SP_ENCOUNTER, onWard(wardRef));
    if (searchParams.getActiveSearchParam("Flag", "status") != null) {
      map.add("status", new TokenParam("active"));
    }
    return search(Flag.class, map).stream().map(Flag.class::cast)
        .filter(f -> f.getStatus() == Flag.FlagStatus.ACTIVE).toList();
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
