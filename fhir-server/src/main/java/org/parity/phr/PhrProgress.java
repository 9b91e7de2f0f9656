package org.parity.phr;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a physical health review is started and complete (HSSIB §2.3.8 / CCQI via clinical-reference §4.1: started
 * within 4 h, completed within a week or before discharge; "not done, because…" counts as done).
 */
public final class PhrProgress {

  private PhrProgress() {}

  /** Started with its first recorded item: a value or a reason for not doing one. */
  public static boolean started(PhrAnswers answers) {
    return !answers.recorded().isEmpty() || !answers.notDone().isEmpty();
  }

  /** Complete when no required item is missing. */
  public static boolean complete(PhrAnswers answers, boolean antipsychoticPrescribed) {
    return missing(answers, antipsychoticPrescribed).isEmpty();
  }

  /** The required items neither recorded nor given a reason, in form order; ECG only with an antipsychotic. */
  public static List<PhrItem> missing(PhrAnswers answers, boolean antipsychoticPrescribed) {
    List<PhrItem> missing = new ArrayList<>();
    for (PhrItem item : PhrItem.values()) {
      if (item == PhrItem.ECG && !antipsychoticPrescribed) {
        continue; // CCQI 9.2 / SMI check: ECG monitoring is for patients on antipsychotics (§4.1, §4.3)
      }
      if (!answered(answers, item) && !answers.notDone().containsKey(item.linkId())) {
        missing.add(item);
      }
    }
    return missing;
  }

  static boolean answered(PhrAnswers answers, PhrItem item) {
    return switch (item) {
      case BLOOD_PRESSURE -> answers.recorded().containsAll(item.valueItems());
      // BMI is calculated from weight and height when not entered (Questionnaire item text).
      case BMI -> answers.recorded().contains("bmi-value") || LesterFlags.bmi(answers).isPresent();
      default -> item.valueItems().stream().anyMatch(answers.recorded()::contains);
    };
  }
}
