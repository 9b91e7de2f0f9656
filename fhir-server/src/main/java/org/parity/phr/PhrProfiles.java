package org.parity.phr;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.parity.validation.ProfileRule;
import org.springframework.stereotype.Component;

/** A response to the physical health review meets its Parity profile (subject and encounter) whatever it claims. */
@Component
public class PhrProfiles implements ProfileRule {

  @Override
  public Optional<String> requiredProfile(IBaseResource resource) {
    if (resource instanceof QuestionnaireResponse response && FhirPhrMapper.isPhrForm(response)) {
      return Optional.of(PhrCodes.PROFILE_RESPONSE);
    }
    return Optional.empty();
  }
}
