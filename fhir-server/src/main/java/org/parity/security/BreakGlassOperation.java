package org.parity.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.parity.fhir.FhirOperation;
import org.parity.validation.NhsNumber;
import org.springframework.stereotype.Component;

/**
 * {@code $break-glass}: a member of ward staff opens the record of a patient who is not on their wards,
 * giving a reason. Access lasts {@code parity.security.break-glass-duration}, is recorded as an AuditEvent
 * (purpose BTG) and reported on the patient's record to the ward manager.
 * {@code POST Patient/[id]/$break-glass} (reason) or {@code POST Patient/$break-glass} (nhsNumber, reason).
 */
@Component
public class BreakGlassOperation implements FhirOperation {

  static final int MIN_REASON_LENGTH = 10;

  private final BreakGlassGrants grants;
  private final DaoRegistry daos;

  public BreakGlassOperation(BreakGlassGrants grants, DaoRegistry daos) {
    this.grants = grants;
    this.daos = daos;
  }

  @Operation(name = "$break-glass", typeName = "Patient", idempotent = false)
  public Parameters onPatient(@IdParam IdType id,
      @OperationParam(name = "reason", min = 1, max = 1, typeName = "string") StringType reason,
      RequestDetails request) {
    Patient patient;
    try {
      patient = (Patient) daos.getResourceDao(Patient.class).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
    } catch (ResourceNotFoundException e) {
      throw new ResourceNotFoundException("Patient/" + id.getIdPart() + " does not exist");
    }
    return grant(patient, reason, request);
  }

  @Operation(name = "$break-glass", typeName = "Patient", idempotent = false)
  public Parameters byNhsNumber(
      @OperationParam(name = "nhsNumber", min = 1, max = 1, typeName = "string") StringType nhsNumber,
      @OperationParam(name = "reason", min = 1, max = 1, typeName = "string") StringType reason,
      RequestDetails request) {
    String number = nhsNumber == null ? "" : nhsNumber.getValue().replace(" ", "");
    if (!NhsNumber.isValid(number)) {
      throw invalid("Parameters.parameter.where(name='nhsNumber')", "'" + number + "' is not a valid NHS number");
    }
    List<?> found = daos.getResourceDao(Patient.class)
        .search(SearchParameterMap.newSynchronous().add(Patient.SP_IDENTIFIER, new TokenParam(NhsNumber.SYSTEM, number)),
            new SystemRequestDetails())
        .getResources(0, 2);
    if (found.isEmpty()) {
      throw new ResourceNotFoundException("No patient with NHS number " + number);
    }
    return grant((Patient) found.get(0), reason, request);
  }

  private static InvalidRequestException invalid(String expression, String text) {
    org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
    outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
        .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.REQUIRED)
        .setDiagnostics(expression + ": " + text).addExpression(expression);
    return new InvalidRequestException(expression + ": " + text, outcome);
  }

  private Parameters grant(Patient patient, StringType reason, RequestDetails request) {
    Caller caller = RequestAccess.of(request).caller();
    if (!caller.wardStaff()) {
      throw new ForbiddenOperationException("Break-glass is for ward staff only");
    }
    String text = reason == null || reason.getValue() == null ? "" : reason.getValue().strip();
    if (text.length() < MIN_REASON_LENGTH) {
      throw invalid("Parameters.parameter.where(name='reason')", "a reason of at least " + MIN_REASON_LENGTH
          + " characters is required to open a record outside your wards");
    }
    Instant expires = grants.grant(caller, patient, text);
    // The grant itself is access under break-glass: audit it with purpose BTG.
    RequestAccess.of(request).breakGlassPatients().add("Patient/" + patient.getIdElement().getIdPart());
    Parameters result = new Parameters();
    result.addParameter().setName("patient").setValue(new Reference("Patient/" + patient.getIdElement().getIdPart()));
    result.addParameter().setName("expires").setValue(new InstantType(Date.from(expires)));
    return result;
  }
}
