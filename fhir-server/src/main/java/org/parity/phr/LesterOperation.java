package org.parity.phr;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.parity.fhir.FhirOperation;
import org.parity.security.Callers;
import org.parity.security.PatientScope;
import org.parity.security.RequestAccess;
import org.springframework.stereotype.Component;

/**
 * {@code QuestionnaireResponse/[id]/$lester} (GET or POST): for a physical health review, the values the Lester
 * resource says need intervention with the suggested action ({@link LesterFlags}), and the review's progress
 * (started, complete, missing items; ECG required when an antipsychotic is prescribed now). Computed from the
 * stored version each time; stores nothing.
 *
 * <p>Output {@code Parameters}: {@code started}, {@code complete}, {@code antipsychotic} (when prescribed),
 * {@code bmi} (entered or calculated), {@code missing} (parts {@code item}, {@code text}, {@code expression}) and
 * {@code highlight} (parts {@code domain}, {@code finding}, {@code action}, {@code target}, {@code source}).
 */
@Component
public class LesterOperation implements FhirOperation {

  private final PhrRecord record;
  private final PatientScope patientScope;

  public LesterOperation(PhrRecord record, PatientScope patientScope) {
    this.record = record;
    this.patientScope = patientScope;
  }

  @Operation(name = "$lester", idempotent = true, typeName = "QuestionnaireResponse")
  public Parameters lester(@IdParam IdType id, RequestDetails request) {
    QuestionnaireResponse response = record.record().read(QuestionnaireResponse.class, id)
        .orElseThrow(() -> new ResourceNotFoundException(id));
    if (!FhirPhrMapper.isPhrForm(response)) {
      throw new InvalidRequestException("$lester is for responses to " + PhrCodes.QUESTIONNAIRE + "; "
          + "QuestionnaireResponse/" + id.getIdPart() + " answers " + response.getQuestionnaire());
    }
    String patientRef = response.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    checkRelationship(patientRef, request);

    PhrAnswers answers = FhirPhrMapper.answers(response);
    Optional<String> antipsychotic = record.antipsychotic(patientRef);
    List<PhrItem> missing = PhrProgress.missing(answers, antipsychotic.isPresent());
    Parameters out = new Parameters();
    out.addParameter("started", new BooleanType(PhrProgress.started(answers)));
    out.addParameter("complete", new BooleanType(missing.isEmpty()));
    antipsychotic.ifPresent(a -> out.addParameter("antipsychotic", new StringType(a)));
    Optional<BigDecimal> bmi = LesterFlags.bmi(answers);
    bmi.ifPresent(b -> out.addParameter("bmi", new DecimalType(b)));
    for (PhrItem item : missing) {
      ParametersParameterComponent part = out.addParameter().setName("missing");
      part.addPart().setName("item").setValue(new CodeType(item.linkId()));
      part.addPart().setName("text").setValue(new StringType(FhirPhrMapper.missingText(item)));
      part.addPart().setName("expression").setValue(new StringType(FhirPhrMapper.expression(item)));
    }
    for (LesterFlags.Highlight highlight : LesterFlags.highlights(answers)) {
      ParametersParameterComponent part = out.addParameter().setName("highlight");
      part.addPart().setName("domain").setValue(new CodeType(highlight.domain()));
      part.addPart().setName("finding").setValue(new StringType(highlight.finding()));
      part.addPart().setName("action").setValue(new StringType(highlight.action()));
      if (highlight.target() != null) {
        part.addPart().setName("target").setValue(new StringType(highlight.target()));
      }
      part.addPart().setName("source").setValue(new StringType(LesterFlags.SOURCE));
    }
    return out;
  }

  /** Ward staff and patients reach only their patients; others are limited by resource type (AccessRules). */
  private void checkRelationship(String patientRef, RequestDetails request) {
    var caller = Callers.current();
    if (!PatientScope.restricted(caller)) {
      return;
    }
    boolean allowed = patientScope.patientsOf(caller, RequestAccess.of(request)).stream()
        .anyMatch(p -> patientRef.equals("Patient/" + p.getIdPart()));
    if (!allowed) {
      throw new ForbiddenOperationException(patientRef + " is not a patient on your wards (use $break-glass in an "
          + "emergency)");
    }
  }
}
