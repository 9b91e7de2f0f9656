package org.parity.news2;

/** ACVPU, with the UK Core value codes (SNOMED, ValueSet UKCore-ACVPU; clinical-reference §1.4). */
public enum Consciousness {
  ALERT("248234008", "Mentally alert"),
  /** New confusion: treated as new until shown otherwise (RCP NEWS2; clinical-reference §1.1). */
  NEW_CONFUSION("130987000", "Acute confusion"),
  VOICE("300202002", "Responds to voice"),
  PAIN("450847001", "Responds to pain"),
  UNRESPONSIVE("422768004", "Unresponsive");

  private final String snomed;
  private final String display;

  Consciousness(String snomed, String display) {
    this.snomed = snomed;
    this.display = display;
  }

  public String snomed() {
    return snomed;
  }

  public String display() {
    return display;
  }

  public static java.util.Optional<Consciousness> fromSnomed(String code) {
    for (Consciousness c : values()) {
      if (c.snomed.equals(code)) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }
}
