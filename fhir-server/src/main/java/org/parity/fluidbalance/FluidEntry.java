package org.parity.fluidbalance;

import java.time.Instant;
import java.util.Objects;

/**
 * One fluid chart entry, already mapped from FHIR. Pure value: no FHIR types.
 *
 * @param id the entry's identifier (for traceability only; may be null)
 * @param time when the fluid was taken or passed (never null)
 * @param kind intake or output (never null)
 * @param millilitres the measured volume, {@code >= 0}; null only for an OUTPUT that was passed but not
 *     measured (an "unmeasured episode"); an INTAKE always has a volume (profile parity-fluid-intake has
 *     {@code valueQuantity 1..1})
 * @param outputType urine | vomit | stool-stoma | drain | ng-aspirate | other; null for intake
 * @param enteredInError true when the Observation status is entered-in-error: ignored by every figure
 */
public record FluidEntry(
    String id, Instant time, Kind kind, Double millilitres, String outputType, boolean enteredInError) {

  /** Output type code for urine (value set fluid-output-type). */
  public static final String URINE = "urine";

  public enum Kind {
    INTAKE,
    OUTPUT
  }

  public FluidEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    if (millilitres != null && (millilitres.isNaN() || millilitres.isInfinite() || millilitres < 0)) {
      throw new IllegalArgumentException(
          "Fluid entry " + id + ": volume must be a finite number >= 0 mL (got " + millilitres + ")");
    }
    if (kind == Kind.INTAKE && millilitres == null) {
      throw new IllegalArgumentException("Fluid entry " + id + ": an intake must have a volume in mL");
    }
  }

  /** A measured intake (convenience factory). */
  public static FluidEntry intake(String id, Instant time, double millilitres) {
    return new FluidEntry(id, time, Kind.INTAKE, millilitres, null, false);
  }

  /** A measured output of the given type (convenience factory). */
  public static FluidEntry output(String id, Instant time, double millilitres, String outputType) {
    return new FluidEntry(id, time, Kind.OUTPUT, millilitres, outputType, false);
  }

  /** An output that was passed but not measured (convenience factory). */
  public static FluidEntry unmeasuredOutput(String id, Instant time, String outputType) {
    return new FluidEntry(id, time, Kind.OUTPUT, null, outputType, false);
  }

  /** The same entry marked entered-in-error. */
  public FluidEntry markedEnteredInError() {
    return new FluidEntry(id, time, kind, millilitres, outputType, true);
  }

  public boolean isMeasured() {
    return millilitres != null;
  }

  boolean isIntake() {
    return kind == Kind.INTAKE;
  }

  boolean isOutput() {
    return kind == Kind.OUTPUT;
  }

  boolean isUrine() {
    return kind == Kind.OUTPUT && URINE.equals(outputType);
  }
}
