package org.parity.news2;

import java.math.BigDecimal;

/**
 * A recorded SpO2 target (a FHIR Goal on LOINC 2708-6), reduced to what decides the scale: whether it is active,
 * its range in percent (null bound = open) and whether a Practitioner expressed it.
 */
public record OxygenTarget(boolean active, BigDecimal low, BigDecimal high, boolean percent, boolean byPractitioner) {}
