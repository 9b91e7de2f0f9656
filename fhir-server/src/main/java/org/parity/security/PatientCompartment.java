package org.parity.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.Set;
import java.util.TreeSet;

/** The resource types FHIR places in a patient's compartment (the patient's record), Patient included. */
final class PatientCompartment {

  private PatientCompartment() {}

  static Set<String> types(FhirContext fhir) {
    Set<String> types = new TreeSet<>();
    for (String type : fhir.getResourceTypes()) {
      RuntimeResourceDefinition definition = fhir.getResourceDefinition(type);
      if (definition.getSearchParams().stream().anyMatch(p -> p.getProvidesMembershipInCompartments() != null
          && p.getProvidesMembershipInCompartments().contains("Patient"))) {
        types.add(type);
      }
    }
    types.add("Patient");
    return Set.copyOf(types);
  }
}
