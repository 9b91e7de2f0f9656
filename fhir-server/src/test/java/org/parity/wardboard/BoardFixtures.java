package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.parity.fluidbalance.ChartCodes;
import org.parity.support.Fixtures;
import org.parity.support.Http;

/** Builds wards, beds, admissions and what the board shows, over real HTTP (security off). */
final class BoardFixtures {

  static final String P = "https://parity-epr.org/fhir";
  static final String DEADLINE = P + "/CodeSystem/deadline";

  private final String base;
  private final FhirContext fhir;

  BoardFixtures(String fhirBase, FhirContext fhir) {
    this.base = fhirBase;
    this.fhir = fhir;
  }

  String base() {
    return base;
  }

  String json(Resource resource) {
    return fhir.newJsonParser().encodeResourceToString(resource);
  }

  String create(Resource resource) {
    String type = resource.fhirType();
    Http.Response response = Http.postJson(base + "/" + type, json(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return type + "/" + response.json().path("id").asText();
  }

  /** A ward with a random ODS-like site code; returns {@code Location/id}. */
  String ward(String name) {
    String code = "ZB" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    return create(Fixtures.ward(code, name));
  }

  String bed(String wardRef, String name) {
    Location bed = new Location();
    bed.setStatus(Location.LocationStatus.ACTIVE);
    bed.setName(name);
    bed.setPhysicalType(Fixtures.physicalType("bd"));
    bed.setPartOf(new Reference(wardRef));
    return create(bed);
  }

  String patient(String family) {
    return create(Fixtures.patient(Fixtures.nhsNumber(), family));
  }

  /** An in-progress inpatient admission on the ward and in the bed (if any), started at {@code start}. */
  Encounter admission(String patientRef, String wardRef, String bedRef, Instant start) {
    Encounter encounter = Fixtures.inpatientEncounter(patientRef, wardRef);
    encounter.getPeriod().setStart(Date.from(start));
    if (bedRef != null) {
      encounter.addLocation().setLocation(new Reference(bedRef))
          .setStatus(Encounter.EncounterLocationStatus.ACTIVE).setPhysicalType(Fixtures.physicalType("bd"));
    }
    return encounter;
  }

  String admit(String patientRef, String wardRef, String bedRef, Instant start) {
    return create(admission(patientRef, wardRef, bedRef, start));
  }

  static Task task(String patientRef, String encounterRef, String rule, String description, Instant due,
      Task.TaskStatus status) {
    Task task = new Task();
    task.setStatus(status);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding(DEADLINE, rule, description)));
    task.setDescription(description);
    task.setFor(new Reference(patientRef));
    if (encounterRef != null) {
      task.setEncounter(new Reference(encounterRef));
    }
    task.setAuthoredOn(new Date());
    if (due != null) {
      task.getRestriction().getPeriod().setEndElement(time(due));
    }
    return task;
  }

  /** A NEWS2 total Observation as the NEWS2 derivation stores it (issue 5 contract); {@code total} null = incomplete. */
  static Observation news2(String patientRef, String encounterRef, Instant at, Integer total, List<Integer> subScores) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
        "survey", "Survey")));
    o.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "1104051000000101",
        "Royal College of Physicians National Early Warning Score 2 (NEWS2) total score")));
    o.setSubject(new Reference(patientRef));
    o.setEncounter(new Reference(encounterRef));
    o.setEffective(time(at));
    if (total == null) {
      o.setDataAbsentReason(new CodeableConcept(new Coding(
          "http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-performed", "Not Performed"))
          .setText("Incomplete set: no temperature"));
    } else {
      o.setValue(score(total));
      for (Integer s : subScores) {
        o.addComponent().setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "1104301000000104", null)))
            .setValue(score(s));
      }
    }
    return o;
  }

  private static Quantity score(int value) {
    return new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("score")
        .setSystem("http://unitsofmeasure.org").setCode("{ScoreOf}");
  }

  static Flag flag(String patientRef, String encounterRef, String text, boolean active) {
    Flag flag = new Flag();
    flag.setStatus(active ? Flag.FlagStatus.ACTIVE : Flag.FlagStatus.INACTIVE);
    flag.setCode(new CodeableConcept(new Coding(DEADLINE, "deadline-overdue", "Deadline overdue")).setText(text));
    flag.setSubject(new Reference(patientRef));
    flag.setEncounter(new Reference(encounterRef));
    flag.getPeriod().setStartElement(time(Instant.now().minusSeconds(600)));
    return flag;
  }

  /** A charted oral intake or urine output (Parity's fluid profiles). */
  static Observation fluid(String patientRef, String encounterRef, boolean intake, double ml, Instant at) {
    Observation o = new Observation();
    o.getMeta().addProfile(intake ? ChartCodes.PROFILE_INTAKE : ChartCodes.PROFILE_OUTPUT);
    o.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addCategory(new CodeableConcept(new Coding(ChartCodes.CATEGORY, "fluid-balance", null)));
    o.setCode(new CodeableConcept(new Coding(ChartCodes.OBSERVATION, intake ? "fluid-intake" : "fluid-output", null)));
    o.setSubject(new Reference(patientRef));
    o.setEncounter(new Reference(encounterRef));
    o.setEffective(time(at));
    o.addPerformer().setDisplay("Ward nurse");
    o.setValue(new Quantity().setValue(ml).setUnit("mL").setSystem(ChartCodes.UCUM).setCode("mL"));
    if (intake) {
      o.addComponent().setCode(new CodeableConcept(new Coding(ChartCodes.OBSERVATION, "route", null)))
          .setValue(new CodeableConcept(new Coding(P + "/CodeSystem/fluid-intake-route", "oral", null)));
    } else {
      o.addComponent().setCode(new CodeableConcept(new Coding(ChartCodes.OBSERVATION, "output-type", null)))
          .setValue(new CodeableConcept(new Coding(P + "/CodeSystem/fluid-output-type", "urine", null)));
    }
    return o;
  }

  static DateTimeType time(Instant at) {
    return new DateTimeType(Date.from(at), TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone("Europe/London"));
  }
}
