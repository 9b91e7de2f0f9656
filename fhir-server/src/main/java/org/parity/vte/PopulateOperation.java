package org.parity.vte;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.parity.fhir.FhirOperation;
import org.parity.fhir.Refusal;
import org.parity.fluidbalance.Alert;
import org.parity.fluidbalance.ChartCodes;
import org.parity.fluidbalance.FhirFluidMapper;
import org.parity.fluidbalance.FluidBalanceOperation;
import org.parity.fluidbalance.FluidBalanceSettings;
import org.parity.fluidbalance.FluidChartReader;
import org.parity.security.Callers;
import org.parity.security.PatientScope;
import org.parity.security.RequestAccess;
import org.springframework.stereotype.Component;

/**
 * {@code Questionnaire/vte-risk-assessment/$populate} (SDC semantics, GET or POST): a QuestionnaireResponse in
 * progress for the patient's current admission with the answers the record already supports pre-filled as "yes",
 * each marked with the {@code prefilled} extension (the evidence and the reason) for the clinician to confirm.
 * Never pre-fills "no". Stores nothing.
 *
 * <p>Access: the caller must be allowed to create QuestionnaireResponses (checked with scope and role by
 * {@code security.AccessRules}) and, here, to reach the patient (their ward or break-glass). The record is then
 * read as the server: a REST caller's request would apply the REST page size to the searches.
 */
@Component
public class PopulateOperation implements FhirOperation {

  private final FhirContext fhir;
  private final VteRecord record;
  private final FluidChartReader charts;
  private final FluidBalanceOperation fluidBalance;
  private final PatientScope patientScope;
  private final Clock clock;

  public PopulateOperation(FhirContext fhir, VteRecord record, FluidChartReader charts,
      FluidBalanceOperation fluidBalance, PatientScope patientScope, Clock clock) {
    this.fhir = fhir;
    this.record = record;
    this.charts = charts;
    this.fluidBalance = fluidBalance;
    this.patientScope = patientScope;
    this.clock = clock;
  }

  /** One pre-filled answer: the item, the evidence and why. */
  record Prefill(String linkId, String source, String sourceDisplay, String reason) {}

  @Operation(name = "$populate", idempotent = true, typeName = "Questionnaire")
  public Parameters populate(@IdParam IdType questionnaireId, RequestDetails request) {
    if (!VteFhirCodes.QUESTIONNAIRE_ID.equals(questionnaireId.getIdPart())) {
      throw new InvalidRequestException("$populate is implemented for Questionnaire/" + VteFhirCodes.QUESTIONNAIRE_ID
          + " only");
    }
    Parameters in = parameters(request);
    String patientRef = reference(in, "subject", "Patient")
        .orElseThrow(() -> new InvalidRequestException("Parameter 'subject' (Patient/[id]) is required"));
    checkRelationship(patientRef, request);
    Patient patient = record.read(Patient.class, new IdType(patientRef))
        .orElseThrow(() -> new ResourceNotFoundException(new IdType(patientRef)));
    Encounter admission = admission(patientRef, reference(in, "encounter", "Encounter"));
    Questionnaire questionnaire = record.read(Questionnaire.class, new IdType("Questionnaire", VteFhirCodes.QUESTIONNAIRE_ID))
        .orElseThrow(() -> new ResourceNotFoundException(questionnaireId));

    OperationOutcome issues = new OperationOutcome();
    List<Prefill> prefills = new ArrayList<>();
    age(patient, patientRef, issues).ifPresent(prefills::add);
    obesity(patientRef, issues).ifPresent(prefills::add);
    antipsychotic(patientRef).ifPresent(prefills::add);
    restraint(patientRef, admission).ifPresent(prefills::add);
    reducedMobility(patientRef, admission).ifPresent(prefills::add);
    poorIntake(admission, issues).ifPresent(prefills::add);

    QuestionnaireResponse response = new QuestionnaireResponse();
    response.getMeta().addProfile(VteFhirCodes.PROFILE_RESPONSE);
    response.setQuestionnaire(VteFhirCodes.QUESTIONNAIRE);
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
    response.setSubject(new Reference(patientRef));
    response.setEncounter(new Reference(VteRecord.ref(admission)));
    response.setAuthoredElement(new DateTimeType(Date.from(clock.instant())));
    for (Prefill prefill : prefills) {
      answer(response, questionnaire, prefill);
    }
    Parameters out = new Parameters();
    out.addParameter().setName("response").setResource(response);
    if (issues.hasIssue()) {
      out.addParameter().setName("issues").setResource(issues);
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

  private Encounter admission(String patientRef, Optional<String> named) {
    Refusal refusal = new Refusal();
    Encounter admission = null;
    if (named.isPresent()) {
      admission = record.read(Encounter.class, new IdType(named.get())).orElse(null);
      if (admission == null || !patientRef.equals(admission.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue())
          || !VteRecord.isInpatient(admission) || admission.getStatus() != Encounter.EncounterStatus.INPROGRESS) {
        refusal.rule("encounter", named.get() + " is not an in-progress inpatient admission of " + patientRef);
      }
    } else {
      admission = record.inProgressAdmission(patientRef).orElse(null);
      if (admission == null) {
        refusal.rule("subject", patientRef + " has no in-progress inpatient admission: a VTE assessment belongs to one");
      }
    }
    refusal.throwIfAny();
    return admission;
  }

  private Optional<Prefill> age(Patient patient, String patientRef, OperationOutcome issues) {
    if (!patient.hasBirthDate()) {
      info(issues, "t-age-over-60", patientRef + " has no birth date: age not known");
      return Optional.empty();
    }
    // A partial birth date (year, year-month) counts from its last possible day: "over 60" only when certain.
    org.hl7.fhir.r4.model.DateType b = patient.getBirthDateElement();
    LocalDate born = switch (b.getPrecision()) {
      case YEAR -> LocalDate.of(b.getYear(), 12, 31);
      case MONTH -> java.time.YearMonth.of(b.getYear(), b.getMonth() + 1).atEndOfMonth();
      default -> LocalDate.of(b.getYear(), b.getMonth() + 1, b.getDay());
    };
    LocalDate today = LocalDate.now(clock.withZone(FluidBalanceSettings.LONDON));
    return VteEvidence.ageOver60(born, today).map(reason -> new Prefill("t-age-over-60", patientRef, null, reason));
  }

  private Optional<Prefill> obesity(String patientRef, OperationOutcome issues) {
    SystemRequestDetails system = new SystemRequestDetails();
    Optional<Observation> weight = charts.measurements(patientRef, ChartCodes.BODY_WEIGHT_LOINC, system).stream()
        .filter(o -> FhirFluidMapper.kilograms(o).isPresent()).findFirst();
    Optional<Observation> height = charts.measurements(patientRef, ChartCodes.BODY_HEIGHT_LOINC, system).stream()
        .filter(o -> FhirFluidMapper.centimetres(o).isPresent()).findFirst();
    if (weight.isEmpty() || height.isEmpty()) {
      info(issues, "t-obesity", "No " + (weight.isEmpty() ? "weight" : "height") + " charted: BMI not known");
      return Optional.empty();
    }
    double kg = FhirFluidMapper.kilograms(weight.get()).orElseThrow();
    double cm = FhirFluidMapper.centimetres(height.get()).orElseThrow();
    return VteEvidence.obese(kg, cm).map(reason -> new Prefill("t-obesity", VteRecord.ref(weight.get()),
        "Latest weight", reason + "; height " + VteRecord.ref(height.get())));
  }

  private Optional<Prefill> antipsychotic(String patientRef) {
    SearchParameterMap statements = SearchParameterMap.newSynchronous()
        .add(MedicationStatement.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(MedicationStatement.SP_STATUS, new TokenParam("active"));
    for (MedicationStatement m : record.find(MedicationStatement.class, statements)) {
      if (m.hasMedicationCodeableConcept()) {
        Optional<String> which = FhirVteMapper.antipsychotic(m.getMedicationCodeableConcept());
        if (which.isPresent()) {
          return Optional.of(new Prefill("mh-antipsychotic", VteRecord.ref(m), null, "Active medication: "
              + name(m.getMedicationCodeableConcept()) + " (" + which.get() + ")"));
        }
      }
    }
    SearchParameterMap requests = SearchParameterMap.newSynchronous()
        .add(MedicationRequest.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(MedicationRequest.SP_STATUS, new TokenParam("active"));
    for (MedicationRequest m : record.find(MedicationRequest.class, requests)) {
      if (m.hasMedicationCodeableConcept()) {
        Optional<String> which = FhirVteMapper.antipsychotic(m.getMedicationCodeableConcept());
        if (which.isPresent()) {
          return Optional.of(new Prefill("mh-antipsychotic", VteRecord.ref(m), null, "Active prescription: "
              + name(m.getMedicationCodeableConcept()) + " (" + which.get() + ")"));
        }
      }
    }
    return Optional.empty();
  }

  private static String name(CodeableConcept medication) {
    if (medication.hasText()) {
      return medication.getText();
    }
    return medication.getCoding().stream().map(Coding::getDisplay).filter(d -> d != null && !d.isBlank())
        .findFirst().orElse("medication");
  }

  private Optional<Prefill> restraint(String patientRef, Encounter admission) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Procedure.SP_SUBJECT, new ReferenceParam(patientRef));
    return record.find(Procedure.class, map).stream()
        .filter(p -> ReassessmentTriggers.restrictive(p.getCode()))
        .filter(p -> p.getStatus() != Procedure.ProcedureStatus.ENTEREDINERROR
            && p.getStatus() != Procedure.ProcedureStatus.NOTDONE)
        .filter(p -> inAdmission(p.getEncounter(), performedAt(p), admission))
        .max(Comparator.comparing(p -> performedAt(p).orElse(Instant.EPOCH)))
        .map(p -> new Prefill("mh-restraint-seclusion", VteRecord.ref(p), null,
            restrictiveDisplay(p.getCode()) + " recorded in this admission"
                + performedAt(p).map(t -> " (" + t + ")").orElse("")));
  }

  private static String restrictiveDisplay(CodeableConcept code) {
    return code.getCoding().stream().filter(c -> VteFhirCodes.RESTRICTIVE_INTERVENTION.equals(c.getSystem()))
        .map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode().replace('-', ' '))
        .findFirst().map(s -> s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1)).orElse("Restrictive intervention");
  }

  private static Optional<Instant> performedAt(Procedure p) {
    if (p.hasPerformedDateTimeType()) {
      return Optional.of(p.getPerformedDateTimeType().getValue().toInstant());
    }
    if (p.hasPerformedPeriod() && p.getPerformedPeriod().hasStart()) {
      return Optional.of(p.getPerformedPeriod().getStart().toInstant());
    }
    return Optional.empty();
  }

  private Optional<Prefill> reducedMobility(String patientRef, Encounter admission) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Observation.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(Observation.SP_CODE, new TokenParam(VteFhirCodes.VTE, VteFhirCodes.REDUCED_MOBILITY_CODE));
    return record.find(Observation.class, map).stream()
        .filter(o -> o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
            && o.getStatus() != Observation.ObservationStatus.CANCELLED)
        .filter(o -> !(o.hasValueBooleanType() && Boolean.FALSE.equals(o.getValueBooleanType().getValue())))
        .filter(o -> inAdmission(o.getEncounter(), effectiveAt(o), admission))
        .max(Comparator.comparing(o -> effectiveAt(o).orElse(Instant.EPOCH)))
        .map(o -> new Prefill("mh-reduced-mobility", VteRecord.ref(o), null, "Reduced mobility charted in this admission"
            + effectiveAt(o).map(t -> " (" + t + ")").orElse("")));
  }

  private static Optional<Instant> effectiveAt(Observation o) {
    return o.hasEffectiveDateTimeType() ? Optional.of(o.getEffectiveDateTimeType().getValue().toInstant())
        : Optional.empty();
  }

  /** Recorded against this admission, or (naming none) at a time within it. */
  private static boolean inAdmission(Reference encounter, Optional<Instant> at, Encounter admission) {
    if (encounter != null && encounter.hasReference()) {
      return encounter.getReferenceElement().getIdPart().equals(admission.getIdElement().getIdPart());
    }
    return at.isPresent() && admission.getPeriod().hasStart()
        && !at.get().isBefore(admission.getPeriod().getStart().toInstant());
  }

  /** Today's fluid-balance alerts (the same computation as {@code $fluid-balance}): intake behind target, no output. */
  private Optional<Prefill> poorIntake(Encounter admission, OperationOutcome issues) {
    if (!admission.getPeriod().hasStart()) {
      return Optional.empty();
    }
    Parameters balance = fluidBalance.forEncounter(new IdType(VteRecord.ref(admission)), null, null, null,
        new BooleanType(false), new SystemRequestDetails());
    for (Parameters.ParametersParameterComponent day : balance.getParameter()) {
      if (!"day".equals(day.getName())) {
        continue;
      }
      for (Parameters.ParametersParameterComponent alert : day.getPart()) {
        if (!"alert".equals(alert.getName())) {
          continue;
        }
        String code = part(alert, "code");
        if (Alert.INTAKE_BEHIND_TARGET.equals(code) || Alert.NO_OUTPUT.equals(code)) {
          return Optional.of(new Prefill("mh-poor-intake-dehydration", VteRecord.ref(admission),
              "Fluid balance chart today (" + part(day, "date") + ")", "Fluid balance alert today: " + part(alert, "message")
                  + " (dehydration itself, t-dehydration, is the clinician's judgement)"));
        }
      }
    }
    return Optional.empty();
  }

  private static String part(Parameters.ParametersParameterComponent parent, String name) {
    return parent.getPart().stream().filter(p -> name.equals(p.getName())).findFirst()
        .map(p -> p.getValue().primitiveValue()).orElse("");
  }

  private static void info(OperationOutcome issues, String linkId, String text) {
    issues.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
        .setCode(OperationOutcome.IssueType.NOTFOUND).setDiagnostics(text)
        .addExpression("QuestionnaireResponse.item.where(linkId='" + linkId + "')");
  }

  /** Adds a "yes" answer for the item, under the same groups as in the Questionnaire. */
  private static void answer(QuestionnaireResponse response, Questionnaire questionnaire, Prefill prefill) {
    List<Questionnaire.QuestionnaireItemComponent> path = path(questionnaire.getItem(), prefill.linkId());
    if (path.isEmpty()) {
      return; // not an item of this version of the form
    }
    List<QuestionnaireResponseItemComponent> level = response.getItem();
    QuestionnaireResponseItemComponent item = null;
    for (Questionnaire.QuestionnaireItemComponent q : path) {
      item = level.stream().filter(i -> q.getLinkId().equals(i.getLinkId())).findFirst().orElse(null);
      if (item == null) {
        item = new QuestionnaireResponseItemComponent().setLinkId(q.getLinkId()).setText(q.getText());
        level.add(item);
      }
      level = item.getItem();
    }
    Extension prefilled = new Extension(VteFhirCodes.EXT_PREFILLED);
    Reference source = new Reference(prefill.source());
    if (prefill.sourceDisplay() != null) {
      source.setDisplay(prefill.sourceDisplay());
    }
    prefilled.addExtension("source", source);
    prefilled.addExtension("reason", new StringType(prefill.reason()));
    item.addAnswer().setValue(new BooleanType(true)).addExtension(prefilled);
  }

  private static List<Questionnaire.QuestionnaireItemComponent> path(
      List<Questionnaire.QuestionnaireItemComponent> items, String linkId) {
    for (Questionnaire.QuestionnaireItemComponent item : items) {
      if (linkId.equals(item.getLinkId())) {
        return List.of(item);
      }
      List<Questionnaire.QuestionnaireItemComponent> below = path(item.getItem(), linkId);
      if (!below.isEmpty()) {
        List<Questionnaire.QuestionnaireItemComponent> found = new ArrayList<>();
        found.add(item);
        found.addAll(below);
        return found;
      }
    }
    return List.of();
  }

  /** The operation's input: the query for GET; the body (Parameters) for POST, query parameters also accepted. */
  private Parameters parameters(RequestDetails request) {
    Parameters in = new Parameters();
    if (request.getRequestType() == RequestTypeEnum.POST) {
      byte[] body = request.loadRequestContents();
      if (body != null && body.length > 0) {
        EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
        var parser = (encoding == null ? EncodingEnum.JSON : encoding).newParser(fhir);
        try {
          in = parser.parseResource(Parameters.class, new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          throw new InvalidRequestException("The body must be a Parameters resource: " + e.getMessage());
        }
      }
    }
    for (String name : List.of("subject", "encounter")) {
      String[] values = request.getParameters().get(name);
      if (values != null) {
        for (String value : values) {
          in.addParameter().setName(name).setValue(new StringType(value));
        }
      }
    }
    return in;
  }

  /** A parameter given as a Reference or as a string {@code Type/id}, checked to be of that type. */
  private static Optional<String> reference(Parameters in, String name, String type) {
    List<Parameters.ParametersParameterComponent> given = in.getParameter().stream()
        .filter(p -> name.equals(p.getName())).toList();
    if (given.isEmpty()) {
      return Optional.empty();
    }
    if (given.size() > 1) {
      throw new InvalidRequestException("Parameter '" + name + "' is given more than once");
    }
    Type value = given.get(0).getValue();
    String text = value instanceof Reference r ? r.getReference() : value == null ? null : value.primitiveValue();
    IdType id = text == null ? null : new IdType(text);
    if (id == null || !type.equals(id.getResourceType()) || !id.hasIdPart()) {
      throw new InvalidRequestException("Parameter '" + name + "' must be a reference " + type + "/[id], got " + text);
    }
    return Optional.of(type + "/" + id.getIdPart());
  }
}
