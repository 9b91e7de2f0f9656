package org.parity.phr;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/** Physical health review responses for the server tests. */
final class PhrFixtures {

  static final String UCUM = "http://unitsofmeasure.org";

  private PhrFixtures() {}

  static QuestionnaireResponse response(String patientRef, String encounterRef, String status) {
    QuestionnaireResponse response = new QuestionnaireResponse();
    response.setQuestionnaire(PhrCodes.QUESTIONNAIRE);
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.fromCode(status));
    response.setSubject(new Reference(patientRef));
    response.setEncounter(new Reference(encounterRef));
    response.setAuthoredElement(new DateTimeType(new Date()));
    return response;
  }

  /** Every required item recorded except ECG; blood pressure 150/95, HbA1c 50, current smoker. */
  static QuestionnaireResponse complete(String patientRef, String encounterRef, String status) {
    QuestionnaireResponse r = response(patientRef, encounterRef, status);
    answer(r, "weight", "weight-value", quantity(92.4, "kg", "kg"));
    answer(r, "height", "height-value", quantity(178, "cm", "cm"));
    answer(r, "blood-pressure", "bp-systolic", quantity(150, "mm[Hg]", "mmHg"));
    answer(r, "blood-pressure", "bp-diastolic", quantity(95, "mm[Hg]", "mmHg"));
    answer(r, "pulse", "pulse-value", quantity(84, "/min", "beats per minute"));
    answer(r, "glucose", "hba1c", quantity(50, "mmol/mol", "mmol/mol"));
    answer(r, "lipids", "lipids-not-done", new StringType("Declined today; planned tomorrow"));
    answer(r, "smoking", "smoking-status", new Coding(PhrCodes.SNOMED, "77176002", "Smoker"));
    answer(r, "alcohol", "alcohol-units", quantity(6, "{unit}/wk", "UK units per week"));
    answer(r, "substance-use", "substance-use-any", new BooleanType(false));
    answer(r, "physical-examination", "examination-findings", new StringType("No abnormality found"));
    answer(r, "bloods", "bloods-taken", new DateTimeType(new Date()));
    answer(r, "lifestyle-advice", "lifestyle-advice-details", new StringType("Stop-smoking brief intervention"));
    return r;
  }

  static Quantity quantity(double value, String code, String display) {
    return new Quantity().setValue(BigDecimal.valueOf(value)).setSystem(UCUM).setCode(code).setUnit(display);
  }

  /** The groups in Questionnaire order (the validator checks response items keep it). */
  static final List<String> GROUPS = List.of("weight", "height", "bmi", "blood-pressure", "pulse", "glucose", "lipids",
      "smoking", "alcohol", "substance-use", "physical-examination", "bloods", "ecg", "diet-activity",
      "lifestyle-advice");

  /** Adds an answer under its group (created in form order when absent). */
  static QuestionnaireResponse answer(QuestionnaireResponse response, String group, String linkId, Type value) {
    QuestionnaireResponseItemComponent parent = response.getItem().stream()
        .filter(i -> group.equals(i.getLinkId())).findFirst()
        .orElseGet(() -> {
          QuestionnaireResponseItemComponent created = new QuestionnaireResponseItemComponent().setLinkId(group);
          int at = 0;
          while (at < response.getItem().size()
              && GROUPS.indexOf(response.getItem().get(at).getLinkId()) < GROUPS.indexOf(group)) {
            at++;
          }
          response.getItem().add(at, created);
          return created;
        });
    parent.addItem().setLinkId(linkId).addAnswer().setValue(value);
    return response;
  }
}
