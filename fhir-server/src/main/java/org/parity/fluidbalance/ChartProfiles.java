package org.parity.fluidbalance;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.parity.validation.ProfileRule;
import org.springframework.stereotype.Component;

/**
 * What the charts and their calculations read is validated against its Parity profile whatever it claims:
 * chart entries, body weight and height (LOINC), MUST screenings and fluid targets. Otherwise a weight in
 * pounds would be stored and then silently ignored by MUST and the oliguria rule.
 */
@Component
public class ChartProfiles implements ProfileRule {

  @Override
  public Optional<String> requiredProfile(IBaseResource resource) {
    if (resource instanceof Goal goal) {
      boolean fluidTarget = goal.getTarget().stream()
          .anyMatch(t -> FhirFluidMapper.hasCode(t.getMeasure(), ChartCodes.OBSERVATION, ChartCodes.FLUID_INTAKE));
      return fluidTarget ? Optional.of(ChartCodes.PROFILE_TARGET) : Optional.empty();
    }
    if (!(resource instanceof Observation observation)) {
      return Optional.empty();
    }
    if (FhirFluidMapper.hasCode(observation.getCode(), ChartCodes.LOINC, ChartCodes.BODY_WEIGHT_LOINC)) {
      return Optional.of(ChartCodes.PROFILE_WEIGHT);
    }
    if (FhirFluidMapper.hasCode(observation.getCode(), ChartCodes.LOINC, ChartCodes.BODY_HEIGHT_LOINC)) {
      return Optional.of(ChartCodes.PROFILE_HEIGHT);
    }
    if (FhirFluidMapper.hasCode(observation.getCode(), ChartCodes.OBSERVATION, ChartCodes.MUST_SCREENING)) {
      return Optional.of(ChartCodes.PROFILE_MUST);
    }
    return FhirFluidMapper.chartCode(observation).map(code -> switch (code) {
      case ChartCodes.FLUID_INTAKE -> ChartCodes.PROFILE_INTAKE;
      case ChartCodes.FLUID_OUTPUT -> ChartCodes.PROFILE_OUTPUT;
      default -> ChartCodes.PROFILE_FOOD;
    });
  }
}
