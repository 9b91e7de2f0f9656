package org.parity.phr;

import java.util.List;
import java.util.Optional;

/**
 * The items of the physical health review that must be recorded or given a reason (Questionnaire
 * physical-health-review: one group per item, its value items, and {@code <linkId>-not-done}). Sources are in the
 * Questionnaire's item-source extensions (clinical-reference §4: Lester, SMI check, CCQI).
 */
public enum PhrItem {
  WEIGHT("weight", "Weight", List.of("weight-value")),
  HEIGHT("height", "Height", List.of("height-value")),
  BMI("bmi", "BMI", List.of("bmi-value")),
  BLOOD_PRESSURE("blood-pressure", "Blood pressure", List.of("bp-systolic", "bp-diastolic")),
  PULSE("pulse", "Pulse", List.of("pulse-value")),
  GLUCOSE("glucose", "Blood glucose or HbA1c", List.of("hba1c", "fasting-glucose", "random-glucose")),
  LIPIDS("lipids", "Lipids", List.of("total-cholesterol", "cvd-risk")),
  SMOKING("smoking", "Smoking", List.of("smoking-status")),
  ALCOHOL("alcohol", "Alcohol", List.of("alcohol-units", "alcohol-details")),
  SUBSTANCE_USE("substance-use", "Substance use", List.of("substance-use-any", "substance-use-details")),
  PHYSICAL_EXAMINATION("physical-examination", "Physical examination", List.of("examination-findings")),
  BLOODS("bloods", "Routine bloods", List.of("bloods-taken", "bloods-details")),
  ECG("ecg", "ECG (an antipsychotic is prescribed)", List.of("ecg-findings", "ecg-qtc")),
  LIFESTYLE_ADVICE("lifestyle-advice", "Lifestyle advice given", List.of("lifestyle-advice-details"));

  private final String linkId;
  private final String label;
  private final List<String> valueItems;

  PhrItem(String linkId, String label, List<String> values) {
    this.linkId = linkId;
    this.label = label;
    this.valueItems = values;
  }

  /** The group's linkId in the Questionnaire. */
  public String linkId() {
    return linkId;
  }

  public String label() {
    return label;
  }

  /** The value items that record it (blood pressure needs both; the others any one). */
  public List<String> valueItems() {
    return valueItems;
  }

  /** The linkId of its "Not done, because…" item. */
  public String notDone() {
    return linkId + "-not-done";
  }

  public static Optional<PhrItem> byLinkId(String linkId) {
    for (PhrItem item : values()) {
      if (item.linkId.equals(linkId)) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }
}
