package org.parity.timers;

import java.util.Arrays;
import java.util.Optional;

/** Where a deadline stands: the codes of {@code P/CodeSystem/deadline-status} (Task.businessStatus). */
public enum Stage {
  DUE("due", "Due"),
  DUE_SOON("due-soon", "Due soon"),
  OVERDUE("overdue", "Overdue"),
  COMPLETED("completed", "Completed"),
  NOT_APPLICABLE("not-applicable", "Not applicable");

  private final String code;
  private final String display;

  Stage(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }

  public boolean open() {
    return this == DUE || this == DUE_SOON || this == OVERDUE;
  }

  public static Optional<Stage> of(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
