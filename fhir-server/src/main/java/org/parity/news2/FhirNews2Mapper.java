package org.parity.news2;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.parity.fhir.Refusal;

/** The edge between FHIR and {@link News2}: vital-sign Observations to readings, Goals to oxygen targets. */
final class FhirNews2Mapper {

  /**
   * One NEWS2 parameter read from an Observation. All value fields null means "not charted" (a dataAbsentReason);
   * otherwise the one that fits the parameter is set.
   */
  record Reading(News2Parameter parameter, String observationRef, String patientRef, String encounterRef,
      OffsetDateTime effective, BigDecimal number, Boolean onOxygen, Consciousness consciousness) {

    boolean charted() {
      return number != null || onOxygen != null || consciousness != null;
    }
  }

  /** Physiologically possible ranges, inclusive. Parity decision: a value outside one is a typing error, refused. */
  private static final Map<News2Parameter, BigDecimal[]> POSSIBLE = Map.of(
      News2Parameter.RESPIRATION_RATE, range("0", "80"),
      News2Parameter.SPO2, range("0", "100"),
      News2Parameter.SYSTOLIC_BP, range("0", "300"),
      News2Parameter.PULSE, range("0", "300"),
      News2Parameter.TEMPERATURE, range("20", "45"));

  private FhirNews2Mapper() {}

  private static BigDecimal[] range(String low, String high) {
    return new BigDecimal[] {new BigDecimal(low), new BigDecimal(high)};
  }

  /** Whether the Observation is one of the vital signs NEWS2 scores (by any of its codes). */
  static boolean isVitalSign(Observation obs) {
    return parameterOf(obs.getCode()).isPresent() || isBloodPressurePanel(obs.getCode()) || airOrOxygen(obs) != null;
  }

  static boolean isNews2Total(Observation obs) {
    return has(obs.getCode(), News2Codes.SNOMED, Set.of(News2Codes.TOTAL));
  }

  /**
   * The NEWS2 readings of a stored vital-sign Observation, checked: its patient, a time with an offset, the unit and
   * a possible value. Problems are added to {@code refusal}; an Observation in a status that is not a result
   * (registered, preliminary, cancelled, entered-in-error, unknown) gives no reading.
   */
  static List<Reading> readings(Observation obs, String observationRef, Refusal refusal) {
    if (!isVitalSign(obs) || !counts(obs)) {
      return List.of();
    }
    String patient = obs.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    if (patient == null || !patient.startsWith("Patient/")) {
      refusal.rule("Observation.subject", "A vital sign scored by NEWS2 must name its patient (subject = Patient/[id])");
      return List.of();
    }
    OffsetDateTime effective = effective(obs, refusal);
    if (effective == null) {
      return List.of();
    }
    String encounter = obs.hasEncounter() && obs.getEncounter().hasReference()
        ? obs.getEncounter().getReferenceElement().toUnqualifiedVersionless().getValue() : null;
    List<Reading> readings = new ArrayList<>();
    Optional<News2Parameter> numeric = parameterOf(obs.getCode());
    if (numeric.isPresent() && numeric.get() == News2Parameter.CONSCIOUSNESS) {
      Consciousness level = null;
      if (obs.hasValueCodeableConcept()) {
        level = obs.getValueCodeableConcept().getCoding().stream()
            .filter(c -> News2Codes.SNOMED.equals(c.getSystem()))
            .map(c -> Consciousness.fromSnomed(c.getCode()).orElse(null))
            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (level == null) {
          refusal.rule("Observation.value.ofType(CodeableConcept)", "ACVPU must be a SNOMED code of UKCore-ACVPU: "
              + "248234008 (alert), 130987000 (new confusion), 300202002 (voice), 450847001 (pain), "
              + "422768004 (unresponsive)");
        }
      } else if (obs.hasValue()) {
        refusal.rule("Observation.value", "ACVPU is a CodeableConcept (valueCodeableConcept), not "
            + obs.getValue().fhirType());
      }
      readings.add(new Reading(News2Parameter.CONSCIOUSNESS, observationRef, patient, encounter, effective, null, null,
          level));
    } else if (numeric.isPresent()) {
      BigDecimal value = quantity(numeric.get(), obs.hasValue() ? obs.getValue() : null, "Observation.value", refusal);
      readings.add(new Reading(numeric.get(), observationRef, patient, encounter, effective, value, null, null));
    } else if (isBloodPressurePanel(obs.getCode())) {
      for (int i = 0; i < obs.getComponent().size(); i++) {
        Observation.ObservationComponentComponent c = obs.getComponent().get(i);
        if (parameterOf(c.getCode()).orElse(null) == News2Parameter.SYSTOLIC_BP) {
          BigDecimal value = quantity(News2Parameter.SYSTOLIC_BP, c.hasValue() ? c.getValue() : null,
              "Observation.component[" + i + "].value", refusal);
          readings.add(new Reading(News2Parameter.SYSTOLIC_BP, observationRef, patient, encounter, effective, value,
              null, null));
        }
      }
    } else {
      readings.add(new Reading(News2Parameter.AIR_OR_OXYGEN, observationRef, patient, encounter, effective, null,
          airOrOxygen(obs), null));
    }
    return readings;
  }

  /** Results only: registered/preliminary are not yet a result, cancelled and entered-in-error are not one. */
  private static boolean counts(Observation obs) {
    return obs.getStatus() == Observation.ObservationStatus.FINAL
        || obs.getStatus() == Observation.ObservationStatus.AMENDED
        || obs.getStatus() == Observation.ObservationStatus.CORRECTED;
  }

  private static OffsetDateTime effective(Observation obs, Refusal refusal) {
    String text = null;
    String element = "Observation.effective";
    if (obs.hasEffectiveDateTimeType()) {
      text = obs.getEffectiveDateTimeType().getValueAsString();
      element = "Observation.effective.ofType(dateTime)";
    } else if (obs.hasEffectiveInstantType()) {
      text = obs.getEffectiveInstantType().getValueAsString();
      element = "Observation.effective.ofType(instant)";
    } else if (obs.hasEffectivePeriod() && obs.getEffectivePeriod().hasStart()) {
      text = obs.getEffectivePeriod().getStartElement().getValueAsString();
      element = "Observation.effective.ofType(Period).start";
    }
    if (text == null) {
      refusal.rule("Observation.effective", "A vital sign scored by NEWS2 needs the time it was taken "
          + "(effectiveDateTime with a time and offset)");
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      refusal.rule(element, "A vital sign scored by NEWS2 needs a time with an offset (e.g. 2026-11-27T09:00:00Z), "
          + "not '" + text + "'");
      return null;
    }
  }

  private static BigDecimal quantity(News2Parameter p, org.hl7.fhir.r4.model.Type value, String element,
      Refusal refusal) {
    if (value == null) {
      return null; // not charted: a dataAbsentReason, or a set that names it missing
    }
    if (!(value instanceof Quantity q) || !q.hasValue()) {
      refusal.rule(element, p.text() + " must be a Quantity with a value");
      return null;
    }
    Set<String> units = News2Codes.UNITS.get(p);
    if (!News2Codes.UCUM.equals(q.getSystem()) || !units.contains(q.getCode())) {
      refusal.rule(element + ".ofType(Quantity).code", p.text() + " must be in UCUM " + String.join(" or ",
          units.stream().sorted().toList()) + ", not " + (q.hasCode() ? "'" + q.getCode() + "'" : "no code"));
      return null;
    }
    BigDecimal[] possible = POSSIBLE.get(p);
    if (q.getValue().compareTo(possible[0]) < 0 || q.getValue().compareTo(possible[1]) > 0) {
      refusal.rule(element + ".ofType(Quantity).value", p.text() + " of " + q.getValue().toPlainString() + " "
          + q.getCode() + " is not possible (expected " + possible[0] + " to " + possible[1] + ")");
      return null;
    }
    return q.getValue();
  }

  static Optional<News2Parameter> parameterOf(CodeableConcept code) {
    if (has(code, News2Codes.SNOMED, Set.of(News2Codes.ACVPU))) {
      return Optional.of(News2Parameter.CONSCIOUSNESS);
    }
    for (News2Parameter p : News2Codes.LOINC_CODES.keySet()) {
      if (has(code, News2Codes.LOINC, News2Codes.LOINC_CODES.get(p))
          || has(code, News2Codes.SNOMED, News2Codes.SNOMED_CODES.get(p))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static boolean isBloodPressurePanel(CodeableConcept code) {
    return has(code, News2Codes.LOINC, News2Codes.BP_PANEL_LOINC)
        || has(code, News2Codes.SNOMED, News2Codes.BP_PANEL_SNOMED);
  }

  /** UK Core puts "breathing room air" / "patient on oxygen" in the code (its example) or in the value. */
  private static Boolean airOrOxygen(Observation obs) {
    for (CodeableConcept cc : obs.hasValueCodeableConcept()
        ? List.of(obs.getCode(), obs.getValueCodeableConcept()) : List.of(obs.getCode())) {
      if (has(cc, News2Codes.SNOMED, Set.of(News2Codes.OXYGEN))) {
        return true;
      }
      if (has(cc, News2Codes.SNOMED, Set.of(News2Codes.AIR))) {
        return false;
      }
    }
    return null;
  }

  static boolean has(CodeableConcept cc, String system, Set<String> codes) {
    for (Coding c : cc.getCoding()) {
      if (system.equals(c.getSystem()) && codes.contains(c.getCode())) {
        return true;
      }
    }
    return false;
  }

  /** The set's values: for each parameter the latest reading charted (by time, then by order). */
  static VitalSigns vitalSigns(List<Reading> set, SpO2Scale scale) {
    Map<News2Parameter, Reading> latest = latest(set);
    return new VitalSigns(
        number(latest.get(News2Parameter.RESPIRATION_RATE)),
        number(latest.get(News2Parameter.SPO2)),
        latest.containsKey(News2Parameter.AIR_OR_OXYGEN) ? latest.get(News2Parameter.AIR_OR_OXYGEN).onOxygen() : null,
        number(latest.get(News2Parameter.SYSTOLIC_BP)),
        number(latest.get(News2Parameter.PULSE)),
        latest.containsKey(News2Parameter.CONSCIOUSNESS) ? latest.get(News2Parameter.CONSCIOUSNESS).consciousness()
            : null,
        number(latest.get(News2Parameter.TEMPERATURE)),
        scale);
  }

  /** The readings used: the latest charted one per parameter, in Chart 1 order. */
  static List<Reading> used(List<Reading> set) {
    return latest(set).values().stream().sorted(Comparator.comparing(Reading::parameter)).toList();
  }

  private static Map<News2Parameter, Reading> latest(List<Reading> set) {
    Map<News2Parameter, Reading> latest = new java.util.EnumMap<>(News2Parameter.class);
    for (Reading r : set) {
      if (!r.charted()) {
        continue;
      }
      Reading current = latest.get(r.parameter());
      if (current == null || !r.effective().isBefore(current.effective())) {
        latest.put(r.parameter(), r);
      }
    }
    return latest;
  }

  private static BigDecimal number(Reading r) {
    return r == null ? null : r.number();
  }

  /** An active SpO2 Goal (LOINC 2708-6) as the scale decision needs it. */
  static List<OxygenTarget> oxygenTargets(Goal goal) {
    List<OxygenTarget> targets = new ArrayList<>();
    boolean active = goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.ACTIVE;
    boolean byPractitioner = goal.hasExpressedBy() && goal.getExpressedBy().getReferenceElement().hasResourceType()
        && "Practitioner".equals(goal.getExpressedBy().getReferenceElement().getResourceType());
    for (Goal.GoalTargetComponent t : goal.getTarget()) {
      if (!has(t.getMeasure(), News2Codes.LOINC, Set.of(News2Codes.SPO2_TARGET_LOINC)) || !t.hasDetailRange()) {
        continue;
      }
      Range r = t.getDetailRange();
      boolean percent = percent(r.getLow()) && percent(r.getHigh());
      targets.add(new OxygenTarget(active, r.getLow().getValue(), r.getHigh().getValue(), percent, byPractitioner));
    }
    return targets;
  }

  private static boolean percent(Quantity q) {
    return q.hasValue() && "%".equals(q.getCode()) && (!q.hasSystem() || News2Codes.UCUM.equals(q.getSystem()));
  }

  static String ref(Reference reference) {
    return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
  }
}
