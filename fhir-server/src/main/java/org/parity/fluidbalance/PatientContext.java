package org.parity.fluidbalance;

import java.time.Instant;

/**
 * What the rules need to know about the patient.
 *
 * @param admittedAt start of the inpatient admission (Encounter.period.start); null when unknown, which
 *     removes the admission bound (cumulative balance then covers every entry passed in)
 * @param weightKg latest body weight in kg, or null when unknown (then no oliguria alert is possible)
 * @param targetMlPerDay the active 24-hour fluid intake target in mL, or null when none is set
 */
public record PatientContext(Instant admittedAt, Double weightKg, Double targetMlPerDay) {

  public PatientContext {
    if (weightKg != null && !(weightKg > 0 && !weightKg.isInfinite())) {
      throw new IllegalArgumentException("weight must be > 0 kg (got " + weightKg + ")");
    }
    if (targetMlPerDay != null && !(targetMlPerDay > 0 && !targetMlPerDay.isInfinite())) {
      throw new IllegalArgumentException("fluid target must be > 0 mL/d (got " + targetMlPerDay + ")");
    }
  }
}
