package org.parity.fhir;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The reasons a write is refused, collected as OperationOutcome issues that name the element (FHIRPath
 * {@code expression}) and the reason; {@link #throwIfAny()} answers 422 with all of them.
 */
public final class Refusal {

  private final OperationOutcome outcome = new OperationOutcome();

  public Refusal add(IssueType type, String expression, String diagnostics) {
    OperationOutcome.OperationOutcomeIssueComponent issue =
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
    if (expression != null && !expression.isBlank()) {
      issue.addExpression(expression);
    }
    return this;
  }

  /** A broken business rule (as opposed to a structural or profile error). */
  public Refusal rule(String expression, String diagnostics) {
    return add(IssueType.BUSINESSRULE, expression, diagnostics);
  }

  public boolean isEmpty() {
    return outcome.getIssue().isEmpty();
  }

  /** 422 Unprocessable Entity with every collected issue, if there is any; nothing is then stored. */
  public void throwIfAny() {
    if (!isEmpty()) {
      throw new UnprocessableEntityException(outcome.getIssueFirstRep().getDiagnostics(), outcome);
    }
  }
}
