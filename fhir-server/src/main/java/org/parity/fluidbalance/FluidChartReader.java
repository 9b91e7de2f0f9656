package org.parity.fluidbalance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
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

  /** The ODS site code of the ward the admission is on now (its active ward location), if known. */
  public Optional<String> wardSiteCode(Encounter admission) {
    return admission.getLocation().stream()
        .filter(l -> l.getStatus() == Encounter.EncounterLocationStatus.ACTIVE)
        .filter(l -> FhirFluidMapper.hasCode(l.getPhysicalType(),
            "http://terminology.hl7.org/CodeSystem/location-physical-type", "wa"))
        .map(l -> l.getLocation().getReferenceElement().toUnqualifiedVersionless())
        .filter(id -> "Location".equals(id.getResourceType()))
        .findFirst()
        .map(id -> (org.hl7.fhir.r4.model.Location) daos.getResourceDao(org.hl7.fhir.r4.model.Location.class)
            .read(id, new SystemRequestDetails()))
        .flatMap(ward -> ward.getIdentifier().stream()
            .filter(i -> "https://fhir.nhs.uk/Id/ods-site-code".equals(i.getSystem()))
            .map(org.hl7.fhir.r4.model.Identifier::getValue)
            .findFirst());
  }

  /** The patient, or 404 when there is none. */
  public org.hl7.fhir.r4.model.Patient patient(org.hl7.fhir.r4.model.IdType id, RequestDetails request) {
    return (org.hl7.fhir.r4.model.Patient) daos.getResourceDao(org.hl7.fhir.r4.model.Patient.class)
        .read(id.toUnqualifiedVersionless().withResourceType("Patient"), request);
  }

  public Encounter encounter(org.hl7.fhir.r4.model.IdType id, RequestDetails request) {
    return (Encounter) daos.getResourceDao(Encounter.class).read(id.toUnqualifiedVersionless(), request);
  }

  /** A patient's charted fluids, parsed once, with the stamp of the chart they were read from. */
  private record ParsedChart(int count, Date lastUpdated, List<Charted> entries) {}

  private record Charted(FluidEntry entry, String encounterRef) {}

  // Per instance; every use first checks the stamp against the database, so writes made through any
  // instance are seen at once.
  private final com.github.benmanes.caffeine.cache.Cache<String, ParsedChart> parsed =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumSize(500)
          .expireAfterAccess(java.time.Duration.ofHours(2))
          .build();

  /**
   * The fluid entries of a patient in [from, to), optionally of one admission. Parsing every stored entry
   * is the cost of a long admission, so parsed entries are reused while the chart is unchanged: the stamp
   * (number of chart entries and the latest lastUpdated among them) changes with every create and every
   * update, and chart entries are never deleted.
   */
  public List<FluidEntry> fluidEntries(String patientRef, String encounterRef, Instant from, Instant to) {
    SystemRequestDetails system = new SystemRequestDetails();
    IFhirResourceDao<Observation> dao = daos.getResourceDao(Observation.class);
    int count = dao.searchForIds(chartQuery(patientRef), system).size();
    SearchParameterMap newest = chartQuery(patientRef);
    newest.setSort(new SortSpec("_lastUpdated", SortOrderEnum.DESC));
    newest.setCount(1);
    List<IBaseResource> latest = dao.search(newest, system).getResources(0, 1);
    Date lastUpdated = latest.isEmpty() ? null : latest.get(0).getMeta().getLastUpdated();

    ParsedChart chart = parsed.getIfPresent(patientRef);
    if (chart == null || chart.count() != count || !java.util.Objects.equals(chart.lastUpdated(), lastUpdated)) {
      List<Charted> entries = search(Observation.class, chartQuery(patientRef), system).stream()
          .flatMap(o -> FhirFluidMapper.entry(o).stream().map(e -> new Charted(e,
              o.getEncounter().getReferenceElement().toUnqualifiedVersionless().getValue())))
          .toList();
      chart = new ParsedChart(count, lastUpdated, entries);
      parsed.put(patientRef, chart);
    }
    return chart.entries().stream()
        .filter(c -> encounterRef == null || encounterRef.equals(c.encounterRef()))
        .map(Charted::entry)
        .filter(e -> !e.time().isBefore(from) && e.time().isBefore(to))
        .toList();
  }

  private static SearchParameterMap chartQuery(String patientRef) {
    return SearchParameterMap.newSynchronous()
        .add(Observation.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(Observation.SP_CODE, new TokenOrListParam()
            .add(ChartCodes.OBSERVATION, ChartCodes.FLUID_INTAKE)
            .add(ChartCodes.OBSERVATION, ChartCodes.FLUID_OUTPUT)
            .add(ChartCodes.OBSERVATION, ChartCodes.FOOD_INTAKE));
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
