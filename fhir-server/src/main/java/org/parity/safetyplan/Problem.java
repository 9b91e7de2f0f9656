package org.parity.safetyplan;

/** A reason a safety plan write is refused: the element (FHIRPath) and why, in words a nurse understands. */
public record Problem(String expression, String reason) {}
