package org.parity.safetyplan;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Consent;
import org.parity.validation.ProfileRule;
import org.springframework.stereotype.Component;

/** Safety plans and the consents about them meet their Parity profile whatever they claim. */
@Component
public class SafetyPlanProfiles implements ProfileRule {

  @Override
  public Optional<String> requiredProfile(IBaseResource resource) {
    if (resource instanceof CarePlan plan && FhirPlanMapper.isSafetyPlan(plan)) {
      return Optional.of(SafetyPlanCodes.PROFILE);
    }
    if (resource instanceof Consent consent && consent.getProvision().getAction().stream()
        .flatMap(a -> a.getCoding().stream()).anyMatch(c -> SafetyPlanCodes.SYSTEM.equals(c.getSystem()))) {
      return Optional.of(SafetyPlanCodes.CONSENT_PROFILE);
    }
    return Optional.empty();
  }
}
