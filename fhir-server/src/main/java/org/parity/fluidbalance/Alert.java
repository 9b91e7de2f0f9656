package org.parity.fluidbalance;

import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A fluid-balance alert.
 *
 * @param code oliguria | intake-behind-target | no-output | incomplete-balance
 * @param severity warning | urgent
 * @param at when the rule first triggered on the chart day
 * @param message plain-English explanation with the figures used
 */
public record Alert(String code, String severity, ZonedDateTime at, String message) {

  public static final String OLIGURIA = "oliguria";
  public static final String INTAKE_BEHIND_TARGET = "intake-behind-target";
  public static final String NO_OUTPUT = "no-output";
  public static final String INCOMPLETE_BALANCE = "incomplete-balance";

  public static final String WARNING = "warning";
  public static final String URGENT = "urgent";

  public Alert {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(message, "message");
  }
}
