package org.parity.fluidbalance;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.parity.validation.ProfileRule;
import org.springframework.stereotype.Component;

/** Chart entries are validated against their Parity profile whatever they claim: totals depend on them. */
@Component
public class ChartProfiles implements ProfileRule {

  @Override
  public Optional<String> requiredProfile(IBaseResource resource) {
    if (!(resource instanceof Observation observation)) {
      return Optional.empty();
    }
    return FhirFluidMapper.chartCode(observation).map(code -> switch (code) {
      case ChartCodes.FLUID_INTAKE -> ChartCodes.PROFILE_INTAKE;
      case ChartCodes.FLUID_OUTPUT -> ChartCodes.PROFILE_OUTPUT;
      default -> ChartCodes.PROFILE_FOOD;
    });
  }
}
