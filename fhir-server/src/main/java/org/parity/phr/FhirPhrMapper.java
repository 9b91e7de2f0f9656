package org.parity.phr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Type;

/** The FHIR edge of the physical health review: QuestionnaireResponse to {@link PhrAnswers}. */
public final class FhirPhrMapper {

  private FhirPhrMapper() {}

  /** Whether the response answers Parity's physical health review (any version of it). */
  public static boolean isPhrForm(QuestionnaireResponse response) {
    String questionnaire = response.getQuestionnaire();
    if (questionnaire == null) {
      return false;
    }
    int bar = questionnaire.indexOf('|');
    return PhrCodes.QUESTIONNAIRE.equals(bar < 0 ? questionnaire : questionnaire.substring(0, bar));
  }

  public static PhrAnswers answers(QuestionnaireResponse response) {
    Set<String> recorded = new HashSet<>();
    Map<String, String> notDone = new HashMap<>();
    Map<String, Double> quantities = new HashMap<>();
    Map<String, Boolean> flags = new HashMap<>();
    String smoking = null;
    for (QuestionnaireResponseItemComponent item : items(response.getItem())) {
      String linkId = item.getLinkId();
      if (linkId == null) {
        continue;
      }
      for (QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
        Type value = answer.getValue();
        if (value == null || value.isEmpty()) {
          continue;
        }
        if (linkId.endsWith("-not-done")) {
          String group = linkId.substring(0, linkId.length() - "-not-done".length());
          String reason = value.primitiveValue();
          if (reason != null && !reason.isBlank()) {
            notDone.put(group, reason.strip());
          }
          continue;
        }
        recorded.add(linkId);
        if (answer.hasValueQuantity() && answer.getValueQuantity().hasValue()) {
          quantities.put(linkId, answer.getValueQuantity().getValue().doubleValue());
        } else if (answer.hasValueDecimalType() && answer.getValueDecimalType().getValue() != null) {
          quantities.put(linkId, answer.getValueDecimalType().getValue().doubleValue());
        } else if (answer.hasValueIntegerType() && answer.getValueIntegerType().getValue() != null) {
          quantities.put(linkId, answer.getValueIntegerType().getValue().doubleValue());
        } else if (answer.hasValueBooleanType() && answer.getValueBooleanType().getValue() != null) {
          flags.put(linkId, answer.getValueBooleanType().getValue());
        } else if (answer.hasValueCoding() && "smoking-status".equals(linkId)
            && PhrCodes.SNOMED.equals(answer.getValueCoding().getSystem())) {
          smoking = answer.getValueCoding().getCode();
        }
      }
    }
    return new PhrAnswers(recorded, notDone, quantities, flags, Optional.ofNullable(smoking));
  }

  /** Where a missing item is in the response: its group by linkId (FHIRPath). */
  public static String expression(PhrItem item) {
    return "QuestionnaireResponse.item.where(linkId='" + item.linkId() + "')";
  }

  /** What the clinician has to do about a missing item. */
  public static String missingText(PhrItem item) {
    return item.label() + " (item '" + item.linkId() + "'): record it, or say why it was not done in '"
        + item.notDone() + "'";
  }

  /** Every item at any depth (groups and answers' nested items included). */
  static List<QuestionnaireResponseItemComponent> items(List<QuestionnaireResponseItemComponent> items) {
    List<QuestionnaireResponseItemComponent> all = new ArrayList<>();
    for (QuestionnaireResponseItemComponent item : items) {
      all.add(item);
      all.addAll(items(item.getItem()));
      item.getAnswer().forEach(a -> all.addAll(items(a.getItem())));
    }
    return all;
  }
}
