package org.parity.news2;

/** The seven NEWS2 parameters, in RCP Chart 1 order, with the wording used to say one is missing. */
public enum News2Parameter {
  RESPIRATION_RATE("respiration rate"),
  SPO2("oxygen saturation (SpO2)"),
  AIR_OR_OXYGEN("air or oxygen"),
  SYSTOLIC_BP("systolic blood pressure"),
  PULSE("pulse"),
  CONSCIOUSNESS("consciousness (ACVPU)"),
  TEMPERATURE("temperature");

  private final String text;

  News2Parameter(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
