package org.parity.fluidbalance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.springframework.stereotype.Component;

/**
 * Reads what the fluid chart needs through HAPI's DAOs. Searches run as the server (SystemRequestDetails):
 * with a REST caller's request HAPI would apply the REST page size and silently return only the first
 * page of a patient's entries. Whether the caller may see the patient is decided where the operation is
 * invoked, not here.
 */
@Component
public class FluidChartReader {

  private final DaoRegistry daos;

  public FluidChartReader(DaoRegistry daos) {
    this.daos = daos;
  }

  private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap map, RequestDetails caller) {
    IFhirResourceDao<T> dao = daos.getResourceDao(type);
    SystemRequestDetails request = new SystemRequestDetails();
    // Not getAllResources(): a large synchronous result may not know its size, and that call then refuses.
    return dao.search(map, request).getResources(0, Integer.MAX_VALUE).stream().map(type::cast).toList();
  }

  /** The patient's inpatient admission: the one in progress, else the most recent. */
  public Encounter admission(String patientRef, RequestDetails request) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Encounter.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(Encounter.SP_CLASS, new TokenParam("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"));
    List<Encounter> admissions = search(Encounter.class, map, request);
    return admissions.stream()
        .filter(Encounter::hasPeriod)
        .max(Comparator.comparing((Encounter e) -> e.getStatus() == Encounter.EncounterStatus.INPROGRESS)
            .thenComparing(e -> e.getPeriod().getStart()))
        .orElseThrow(() -> new UnprocessableEntityException(
            patientRef + " has no inpatient admission (Encounter with class IMP): there is no fluid chart"));
  }

  /** The patient, or 404 when there is none. */
  public org.hl7.fhir.r4.model.Patient patient(org.hl7.fhir.r4.model.IdType id, RequestDetails request) {
    return (org.hl7.fhir.r4.model.Patient) daos.getResourceDao(org.hl7.fhir.r4.model.Patient.class)
        .read(id.toUnqualifiedVersionless().withResourceType("Patient"), request);
  }

  public Encounter encounter(org.hl7.fhir.r4.model.IdType id, RequestDetails request) {
    return (Encounter) daos.getResourceDao(Encounter.class).read(id.toUnqualifiedVersionless(), request);
  }

  /** Chart entries (intake, output, food) of a patient, optionally of one admission, in [from, to). */
  public List<Observation> entries(String patientRef, String encounterRef, Instant from, Instant to,
      RequestDetails request) {
    TokenOrListParam codes = new TokenOrListParam()
        .add(ChartCodes.OBSERVATION, ChartCodes.FLUID_INTAKE)
        .add(ChartCodes.OBSERVATION, ChartCodes.FLUID_OUTPUT)
        .add(ChartCodes.OBSERVATION, ChartCodes.FOOD_INTAKE);
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Observation.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(Observation.SP_CODE, codes)
        .add(Observation.SP_DATE, new DateRangeParam(
            new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(from)),
            new DateParam(ParamPrefixEnum.LESSTHAN, Date.from(to))));
    if (encounterRef != null) {
      map.add(Observation.SP_ENCOUNTER, new ReferenceParam(encounterRef));
    }
    return search(Observation.class, map, request);
  }

  /** Weight (or height) Observations by LOINC code, newest first, entered-in-error left out. */
  public List<Observation> measurements(String patientRef, String loinc, RequestDetails request) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Observation.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(Observation.SP_CODE, new TokenParam(ChartCodes.LOINC, loinc));
    map.setSort(new SortSpec(Observation.SP_DATE, SortOrderEnum.DESC));
    return search(Observation.class, map, request).stream()
        .filter(o -> o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
            && o.getStatus() != Observation.ObservationStatus.CANCELLED)
        .toList();
  }

  /** The latest weight in kg charted at or before {@code at}. */
  public Optional<Double> weightKg(String patientRef, Instant at, RequestDetails request) {
    return measurements(patientRef, ChartCodes.BODY_WEIGHT_LOINC, request).stream()
        .filter(o -> o.hasEffectiveDateTimeType() && !o.getEffectiveDateTimeType().getValue().toInstant().isAfter(at))
        .map(FhirFluidMapper::kilograms)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** A 24-hour intake target and the date from which it applies (its startDate, else when it was recorded). */
  public record Target(double mlPerDay, java.time.Instant from) {}

  /** The active 24-hour intake target, if a clinician has set one. */
  public Optional<Target> target(String patientRef, RequestDetails request) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Goal.SP_PATIENT, new ReferenceParam(patientRef))
        .add(Goal.SP_LIFECYCLE_STATUS, new TokenParam("active"));
    map.setSort(new SortSpec("_lastUpdated", SortOrderEnum.DESC));
    for (Goal goal : search(Goal.class, map, request)) {
      for (Goal.GoalTargetComponent t : goal.getTarget()) {
        if (FhirFluidMapper.hasCode(t.getMeasure(), ChartCodes.OBSERVATION, ChartCodes.FLUID_INTAKE)
            && t.hasDetailQuantity() && t.getDetailQuantity().hasValue()) {
          java.time.Instant from = goal.hasStartDateType()
              ? java.time.LocalDate.parse(goal.getStartDateType().getValueAsString())
                  .atStartOfDay(FluidBalanceSettings.LONDON).toInstant()
              : goal.getMeta().getLastUpdated().toInstant();
          return Optional.of(new Target(t.getDetailQuantity().getValue().doubleValue(), from));
        }
      }
    }
    return Optional.empty();
  }
}
