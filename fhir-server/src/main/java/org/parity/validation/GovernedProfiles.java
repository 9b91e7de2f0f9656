package org.parity.validation;

import org.parity.conformance.ParityPackage;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Location;
import org.springframework.stereotype.Component;

/**
 * The foundation's governed resources: inpatient Encounters, wards and beds are validated against their
 * Parity profile even when they claim none, because the ward depends on them (docs/validation.md).
 */
@Component
public class GovernedProfiles implements ProfileRule {

  public static final String PATIENT = ParityPackage.CANONICAL_BASE + "/StructureDefinition/parity-patient";
  public static final String INPATIENT_ENCOUNTER =
      ParityPackage.CANONICAL_BASE + "/StructureDefinition/parity-inpatient-encounter";
  public static final String WARD = ParityPackage.CANONICAL_BASE + "/StructureDefinition/parity-ward-location";
  public static final String BED = ParityPackage.CANONICAL_BASE + "/StructureDefinition/parity-bed-location";

  static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";

  @Override
  public Optional<String> requiredProfile(IBaseResource resource) {
    if (resource instanceof Encounter encounter
        && encounter.hasClass_()
        && ACT_CODE.equals(encounter.getClass_().getSystem())
        && "IMP".equals(encounter.getClass_().getCode())) {
      return Optional.of(INPATIENT_ENCOUNTER);
    }
    if (resource instanceof Location location) {
      if (hasCode(location.getPhysicalType(), "wa")) {
        return Optional.of(WARD);
      }
      if (hasCode(location.getPhysicalType(), "bd")) {
        return Optional.of(BED);
      }
    }
    return Optional.empty();
  }

  private static boolean hasCode(CodeableConcept concept, String code) {
    return concept.getCoding().stream()
        .anyMatch(c -> PHYSICAL_TYPE.equals(c.getSystem()) && code.equals(c.getCode()));
  }
}
