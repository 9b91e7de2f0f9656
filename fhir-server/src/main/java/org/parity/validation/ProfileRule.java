package org.parity.validation;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A rule that puts resources under a Parity profile whatever they claim. Features declare their rules as
 * beans; {@link ProfileEnforcement} applies all of them (docs/validation.md lists them).
 */
public interface ProfileRule {

  /** The Parity profile this resource must meet, if this rule governs it. */
  Optional<String> requiredProfile(IBaseResource resource);
}
