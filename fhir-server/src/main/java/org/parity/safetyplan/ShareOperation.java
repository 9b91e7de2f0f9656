package org.parity.safetyplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.annotation.PostConstruct;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.parity.fhir.FhirOperation;
import org.parity.fhir.Refusal;
import org.parity.security.Caller;
import org.parity.security.RequestAccess;
import org.parity.security.Role;
import org.springframework.stereotype.Component;

/**
 * {@code POST CarePlan/[id]/$share}: sends the plan's document to a recipient the patient agreed may receive it
 * (a Consent with action {@code share} covering them; none needed when the recipient is the patient), and records
 * that it was sent as a Communication (who to, when, which plan version, under which Consent, by whom, how).
 * Returns the document and a reference to the Communication.
 *
 * <p>Access: staff who may write their patient's record, or the patient, decided by {@code security.AccessRules};
 * a patient may send the plan only to themselves (checked here). The Communication is written as the server: a
 * patient may not create Communications over the API, but their sharing must be recorded.
 */
@Component
public class ShareOperation implements FhirOperation {

  static final String PROFILE = DocumentOperation.P + "/StructureDefinition/parity-safety-plan-share";
  static final Set<String> RECIPIENT_TYPES = Set.of("Organization", "Practitioner", "PractitionerRole", "Patient",
      "RelatedPerson");
  static final String RECIPIENT = "Parameters.parameter.where(name='recipient')";
  static final String CONSENT = "Parameters.parameter.where(name='consent')";

  private final FhirContext fhir;
  private final DaoRegistry daos;
  private final DocumentOperation documents;
  private final Clock clock;

  public ShareOperation(FhirContext fhir, DaoRegistry daos, DocumentOperation documents, Clock clock) {
    this.fhir = fhir;
    this.daos = daos;
    this.documents = documents;
    this.clock = clock;
  }

  @PostConstruct
  void keepVersionedPlan() {
    // HAPI strips versions from stored references except at listed paths: the record names the version sent.
    Set<String> paths = new LinkedHashSet<>(fhir.getParserOptions().getDontStripVersionsFromReferencesAtPaths());
    paths.add("Communication.about");
    fhir.getParserOptions().setDontStripVersionsFromReferencesAtPaths(paths);
  }

  @Operation(name = "$share", idempotent = false, typeName = "CarePlan")
  public Parameters share(@IdParam IdType id, RequestDetails request) {
    Parameters in = parameters(request);
    CarePlan plan = documents.plan(id);
    String planRef = "CarePlan/" + plan.getIdElement().getIdPart();
    String patientRef = plan.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    Instant now = clock.instant();

    Refusal refusal = new Refusal();
    String recipient = reference(in, "recipient", RECIPIENT, RECIPIENT_TYPES, refusal);
    String consentRef = reference(in, "consent", CONSENT, Set.of("Consent"), refusal);
    String channel = text(in, "channel", refusal);
    String note = text(in, "note", refusal);
    refusal.throwIfAny();
    if (recipient == null) {
      refusal.rule(RECIPIENT, "Parameter 'recipient' is required: who receives the safety plan (Organization, "
          + "Practitioner, PractitionerRole, Patient or RelatedPerson)");
      refusal.throwIfAny();
    }

    Caller caller = RequestAccess.of(request).caller();
    if (caller.has(Role.PATIENT) && !caller.wardStaff() && !recipient.equals(caller.fhirUser().orElse(""))) {
      OperationOutcome outcome = new OperationOutcome();
      String message = "A patient may share their safety plan only with themselves (recipient "
          + caller.fhirUser().orElse("your own Patient") + "); ask the ward team to send it to anyone else";
      outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.FORBIDDEN).setDiagnostics(message).addExpression(RECIPIENT);
      throw new ForbiddenOperationException(message, outcome);
    }

    Optional<Resource> recipientResource = read(recipient);
    if (recipientResource.isEmpty()) {
      refusal.rule(RECIPIENT, "Parameter 'recipient': " + recipient + " does not exist on this server");
    } else if (recipientResource.get() instanceof RelatedPerson related
        && !patientRef.equals(related.getPatient().getReferenceElement().toUnqualifiedVersionless().getValue())) {
      refusal.rule(RECIPIENT, "Parameter 'recipient': " + recipient + " is a related person of another patient, not of "
          + patientRef);
    }
    boolean toThePatient = patientRef.equals(recipient);
    Consent consent = null;
    if (consentRef == null) {
      if (!toThePatient) {
        refusal.rule(CONSENT, "Parameter 'consent' is required: the patient's Consent (action 'share') that covers "
            + recipient + "; only the patient themselves receives their plan without one");
      }
    } else {
      consent = (Consent) read(consentRef).orElse(null);
      if (consent == null) {
        refusal.rule(CONSENT, "Parameter 'consent': " + consentRef + " does not exist on this server");
      } else if (recipientResource.isPresent()) {
        for (String problem : Consents.facts(consent).problems(patientRef, recipient, SafetyPlanCodes.SHARE, now)) {
          refusal.rule(CONSENT, "Parameter 'consent': " + consentRef + " " + problem);
        }
      }
    }
    refusal.throwIfAny();

    Bundle document = documents.build(plan, request.getFhirServerBase());
    String version = plan.getIdElement().getVersionIdPart();
    Communication sent = communication(planRef + "/_history/" + version, version, patientRef, recipient,
        consentRef, caller, channel, note, now);
    IdType stored = (IdType) daos.getResourceDao(Communication.class).create(sent, new SystemRequestDetails()).getId();

    Parameters out = new Parameters();
    out.addParameter().setName("document").setResource(document);
    out.addParameter().setName("communication")
        .setValue(new Reference("Communication/" + stored.getIdPart()));
    return out;
  }

  static Communication communication(String planVersionRef, String version, String patientRef, String recipient,
      String consentRef, Caller caller, String channel, String note, Instant now) {
    Communication sent = new Communication();
    sent.getMeta().addProfile(PROFILE);
    sent.setStatus(Communication.CommunicationStatus.COMPLETED);
    sent.addCategory(new CodeableConcept(new Coding(SafetyPlanCodes.SYSTEM, "safety-plan-shared", "Safety plan shared")));
    sent.setSubject(new Reference(patientRef));
    sent.addAbout(new Reference(planVersionRef));
    if (consentRef != null) {
      sent.addAbout(new Reference(consentRef));
    }
    sent.addRecipient(new Reference(recipient));
    caller.fhirUser().filter(u -> u.startsWith("Practitioner/") || u.startsWith("Patient/"))
        .ifPresent(u -> sent.setSender(new Reference(u)));
    sent.setSent(Date.from(now));
    if (channel != null) {
      sent.addMedium(new CodeableConcept().setText(channel));
    }
    if (note != null) {
      sent.addNote().setText(note);
    }
    sent.addPayload().setContent(new StringType("Safety plan, version " + version));
    return sent;
  }

  private Optional<Resource> read(String ref) {
    try {
      return Optional.of((Resource) daos.getResourceDao(new IdType(ref).getResourceType())
          .read(new IdType(ref), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return Optional.empty();
    }
  }

  /** The Parameters body; a body that is not one is the client's mistake (422 naming it). */
  private Parameters parameters(RequestDetails request) {
    byte[] body = request.loadRequestContents();
    if (body == null || body.length == 0) {
      return new Parameters();
    }
    EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
    try {
      return (encoding == null ? EncodingEnum.JSON : encoding).newParser(fhir)
          .parseResource(Parameters.class, new String(body, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      new Refusal().add(OperationOutcome.IssueType.INVALID, "Parameters", "The body must be a Parameters resource: "
          + e.getMessage()).throwIfAny();
      throw e;
    }
  }

  /** A single valueReference parameter of one of the types, as {@code Type/id}; null when absent. */
  private static String reference(Parameters in, String name, String expression, Set<String> types, Refusal refusal) {
    List<Parameters.ParametersParameterComponent> given = given(in, name);
    if (given.isEmpty()) {
      return null;
    }
    if (given.size() > 1) {
      refusal.rule(expression, "Parameter '" + name + "' may be given only once");
      return null;
    }
    Type value = given.get(0).getValue();
    IdType id = value instanceof Reference r && r.hasReference() ? new IdType(r.getReference()) : null;
    if (id == null || !id.hasResourceType() || !id.hasIdPart() || id.isAbsolute() || !types.contains(id.getResourceType())) {
      refusal.rule(expression, "Parameter '" + name + "' must be a valueReference to " + String.join(" | ",
          types.stream().sorted().toList()) + " on this server as Type/[id]"
          + (value instanceof Reference r ? ", got '" + r.getReference() + "'" : ""));
      return null;
    }
    return id.getResourceType() + "/" + id.getIdPart();
  }

  private static String text(Parameters in, String name, Refusal refusal) {
    List<Parameters.ParametersParameterComponent> given = given(in, name);
    if (given.isEmpty()) {
      return null;
    }
    String expression = "Parameters.parameter.where(name='" + name + "')";
    if (given.size() > 1 || !(given.get(0).getValue() instanceof StringType s) || s.getValue() == null
        || s.getValue().isBlank()) {
      refusal.rule(expression, "Parameter '" + name + "' must be given once, as a non-empty valueString");
      return null;
    }
    return s.getValue().trim();
  }

  private static List<Parameters.ParametersParameterComponent> given(Parameters in, String name) {
    return in.getParameter().stream().filter(p -> name.equals(p.getName())).toList();
  }
}
