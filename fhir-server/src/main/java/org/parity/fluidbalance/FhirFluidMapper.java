package org.parity.fluidbalance;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/** The edge between FHIR and the pure fluid-balance rules: Observations in, {@link FluidEntry} out. */
public final class FhirFluidMapper {

  private FhirFluidMapper() {}

  /** The chart code (fluid-intake, fluid-output, food-intake) of an Observation, if it is a chart entry. */
  public static Optional<String> chartCode(Observation observation) {
    return observation.getCode().getCoding().stream()
        .filter(c -> ChartCodes.OBSERVATION.equals(c.getSystem()))
        .map(Coding::getCode)
        .filter(code -> code.equals(ChartCodes.FLUID_INTAKE) || code.equals(ChartCodes.FLUID_OUTPUT)
            || code.equals(ChartCodes.FOOD_INTAKE))
        .findFirst();
  }

  /**
   * The fluid this Observation charts, if any: an intake, an output (measured or not), or the
   * supplement volume of a food entry, which counts as intake.
   */
  public static Optional<FluidEntry> entry(Observation observation) {
    Optional<String> code = chartCode(observation);
    if (code.isEmpty() || !observation.hasEffectiveDateTimeType()) {
      return Optional.empty();
    }
    var time = observation.getEffectiveDateTimeType().getValue().toInstant();
    boolean error = observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR;
    String id = observation.getIdElement().toUnqualifiedVersionless().getValue();
    return switch (code.get()) {
      case ChartCodes.FLUID_INTAKE -> millilitres(observation.getValueQuantity())
          .map(ml -> new FluidEntry(id, time, FluidEntry.Kind.INTAKE, ml, null, error));
      case ChartCodes.FLUID_OUTPUT -> Optional.of(new FluidEntry(id, time, FluidEntry.Kind.OUTPUT,
          observation.hasValueQuantity() ? millilitres(observation.getValueQuantity()).orElse(null) : null,
          componentCode(observation, ChartCodes.OUTPUT_TYPE).orElse("other"), error));
      case ChartCodes.FOOD_INTAKE -> component(observation, ChartCodes.SUPPLEMENT_VOLUME)
          .filter(Observation.ObservationComponentComponent::hasValueQuantity)
          .flatMap(c -> millilitres(c.getValueQuantity()))
          .map(ml -> new FluidEntry(id, time, FluidEntry.Kind.INTAKE, ml, null, error));
      default -> Optional.empty();
    };
  }

  /** A volume in mL, or empty when the quantity is not in mL (the profiles refuse such entries). */
  public static Optional<Double> millilitres(Quantity quantity) {
    if (quantity == null || !quantity.hasValue() || !"mL".equals(quantity.getCode())) {
      return Optional.empty();
    }
    return Optional.of(quantity.getValue().doubleValue());
  }

  /** A body weight in kg from a weight Observation (kg or g). */
  public static Optional<Double> kilograms(Observation observation) {
    if (!observation.hasValueQuantity() || !observation.getValueQuantity().hasValue()) {
      return Optional.empty();
    }
    BigDecimal value = observation.getValueQuantity().getValue();
    return switch (String.valueOf(observation.getValueQuantity().getCode())) {
      case "kg" -> Optional.of(value.doubleValue());
      case "g" -> Optional.of(value.doubleValue() / 1000);
      default -> Optional.empty();
    };
  }

  /** A height in cm from a height Observation (cm or m). */
  public static Optional<Double> centimetres(Observation observation) {
    if (!observation.hasValueQuantity() || !observation.getValueQuantity().hasValue()) {
      return Optional.empty();
    }
    BigDecimal value = observation.getValueQuantity().getValue();
    return switch (String.valueOf(observation.getValueQuantity().getCode())) {
      case "cm" -> Optional.of(value.doubleValue());
      case "m" -> Optional.of(value.doubleValue() * 100);
      default -> Optional.empty();
    };
  }

  static Optional<Observation.ObservationComponentComponent> component(Observation observation, String code) {
    return observation.getComponent().stream()
        .filter(c -> hasCode(c.getCode(), ChartCodes.OBSERVATION, code))
        .findFirst();
  }

  static Optional<String> componentCode(Observation observation, String code) {
    return component(observation, code)
        .filter(Observation.ObservationComponentComponent::hasValueCodeableConcept)
        .map(c -> c.getValueCodeableConcept().getCodingFirstRep().getCode());
  }

  static boolean hasCode(CodeableConcept concept, String system, String code) {
    return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
  }
}
