package org.parity.fhir;

/**
 * Marks a HAPI provider of one FHIR operation (one operation = one class). The FHIR endpoint registers
 * every bean implementing this.
 */
public interface FhirOperation {}
