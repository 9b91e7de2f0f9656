package org.parity.safetyplan;

import java.util.Arrays;
import java.util.Optional;

/**
 * The sections of a safety plan in the order a document shows them, with their plain-language names.
 * Source: Stanley–Brown Safety Planning Intervention (1–6); 7–8 UK practice addition (clinical-reference §5.1).
 */
public enum DocumentSection {
  WARNING_SIGNS("warning-signs", "My warning signs"),
  COPING_ON_MY_OWN("coping-on-my-own", "Things I can do on my own"),
  PEOPLE_PLACES_DISTRACTION("people-places-distraction", "People and places that help me feel better"),
  PEOPLE_TO_ASK("people-to-ask", "People I can ask for help"),
  PROFESSIONALS_SERVICES("professionals-services",
      "Professionals and services I can contact, including 24-hour crisis lines"),
  SAFER_ENVIRONMENT("safer-environment", "Making my situation safer"),
  WHAT_MATTERS("what-matters", "What matters to me"),
  REASONS_FOR_LIVING("reasons-for-living", "My reasons for living");

  private final String code;
  private final String title;

  DocumentSection(String code, String title) {
    this.code = code;
    this.title = title;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public static Optional<DocumentSection> of(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
