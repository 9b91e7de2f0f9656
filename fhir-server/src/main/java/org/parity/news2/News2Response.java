package org.parity.news2;

/**
 * The trigger rows of RCP Chart 4 (clinical-reference §1.3), each with its Chart 3 band (§1.2). Named by the
 * response, not by a risk level: the text is shown to ward staff.
 */
public enum News2Response {
  /** Chart 4: score 0. */
  ROUTINE(Chart3.WARD_BASED, "Minimum 12-hourly",
      "Continue routine NEWS monitoring."),
  /** Chart 4: total 1–4. */
  WARD_ASSESSMENT(Chart3.WARD_BASED, "Minimum 4–6-hourly",
      "Inform the registered nurse, who must assess the patient. The registered nurse decides whether monitoring "
          + "should be more frequent and/or care escalated."),
  /** Chart 4: 3 in a single parameter (total 4 or less). */
  SINGLE_PARAMETER_RED(Chart3.URGENT_WARD_BASED, "Minimum 1-hourly",
      "Score of 3 in a single parameter: the registered nurse informs the medical team caring for the patient, who "
          + "review and decide whether care needs escalating."),
  /** Chart 4: total 5 or more, the urgent response threshold. */
  URGENT(Chart3.URGENT, "Minimum 1-hourly",
      "Urgent response threshold: the registered nurse immediately informs the medical team and requests urgent "
          + "assessment by a clinician or team with core competencies in acutely ill patients. Provide care in an "
          + "environment with monitoring facilities."),
  /** Chart 4: total 7 or more, the emergency response threshold. */
  EMERGENCY(Chart3.EMERGENCY, "Continuous monitoring of vital signs",
      "Emergency response threshold: the registered nurse immediately informs the medical team, at specialist "
          + "registrar level or above. Emergency assessment by a team with critical-care competencies, including "
          + "advanced airway skills. Consider transfer to level 2/3 care (HDU/ICU). Care in an environment with "
          + "monitoring facilities.");

  /** RCP Chart 3 response bands (clinical-reference §1.2). */
  public enum Chart3 {
    WARD_BASED("Ward-based response"),
    URGENT_WARD_BASED("Urgent ward-based response"),
    URGENT("Key threshold for urgent response"),
    EMERGENCY("Urgent or emergency response");

    private final String text;

    Chart3(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private final Chart3 band;
  private final String monitoring;
  private final String text;

  News2Response(Chart3 band, String monitoring, String text) {
    this.band = band;
    this.monitoring = monitoring;
    this.text = text;
  }

  public Chart3 band() {
    return band;
  }

  /** The Chart 4 minimum monitoring frequency, as the RCP words it. */
  public String monitoring() {
    return monitoring;
  }

  /** The Chart 4 clinical response. */
  public String text() {
    return text;
  }

  /** True for the rows that raise an escalation Flag: total 5 or more, or 3 in one parameter (issue 5). */
  public boolean escalates() {
    return this == SINGLE_PARAMETER_RED || this == URGENT || this == EMERGENCY;
  }
}
