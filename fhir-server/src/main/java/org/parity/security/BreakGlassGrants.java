package org.parity.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Break-glass grants, kept as AuditEvents in the database so every server instance sees them and they
 * outlive restarts. A grant is the audit record: there is no way to open a record under break-glass
 * without leaving one. The patient's ward manager is told through a Communication on the patient's record.
 */
@Component
public class BreakGlassGrants {

  public static final String SUBTYPE_SYSTEM = "https://parity-epr.org/fhir/CodeSystem/audit-subtype";
  public static final String SUBTYPE = "break-glass";
  public static final String CATEGORY_SYSTEM = "https://parity-epr.org/fhir/CodeSystem/communication-category";
  static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

  private final DaoRegistry daos;
  private final SecurityProperties properties;
  private final Clock clock;

  public BreakGlassGrants(DaoRegistry daos, SecurityProperties properties, Clock clock) {
    this.daos = daos;
    this.properties = properties;
    this.clock = clock;
  }

  /** Grants access to one patient and records it; returns when the access ends. */
  public Instant grant(Caller caller, Patient patient, String reason) {
    Instant now = clock.instant();
    Instant expires = now.plus(properties.breakGlassDuration());
    String patientRef = "Patient/" + patient.getIdElement().getIdPart();

    AuditEvent event = new AuditEvent();
    event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110113", "Security Alert"));
    event.addSubtype(new Coding(SUBTYPE_SYSTEM, SUBTYPE, "Break-glass access granted"));
    event.setAction(AuditEvent.AuditEventAction.E);
    event.setRecorded(Date.from(now));
    event.setPeriod(new Period().setStart(Date.from(now)).setEnd(Date.from(expires)));
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event.setOutcomeDesc("Access to " + patientRef + " granted until " + expires + ". Reason: " + reason);
    event.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, "BTG", "break the glass")));
    AuditEvent.AuditEventAgentComponent user = event.addAgent()
        .setRequestor(true)
        .setAltId(caller.username())
        .setName(caller.username());
    caller.fhirUser().ifPresent(ref -> user.setWho(new Reference(ref)));
    caller.roles().forEach(role -> user.addRole(new CodeableConcept(
        new Coding("https://parity-epr.org/fhir/CodeSystem/role", role.code(), role.code()))));
    user.addPurposeOfUse(new CodeableConcept(new Coding(ACT_REASON, "BTG", "break the glass")));
    event.addAgent().setRequestor(false)
        .setWho(new Reference().setIdentifier(new Identifier().setSystem("urn:ietf:rfc:6749:client_id").setValue(caller.clientId())))
        .setType(new CodeableConcept(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110150", "Application")));
    event.getSource().setSite("Parity").setObserver(new Reference().setDisplay("Parity FHIR server"));
    AuditEvent.AuditEventEntityComponent entity = event.addEntity()
        .setWhat(new Reference(patientRef))
        .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
        .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
    entity.addDetail().setType("reason").setValue(new org.hl7.fhir.r4.model.StringType(reason));
    daos.getResourceDao(AuditEvent.class).create(event, new SystemRequestDetails());

    // The patient's ward manager (and anyone reviewing the record) sees that it was opened, by whom and why.
    Communication report = new Communication();
    report.setStatus(Communication.CommunicationStatus.COMPLETED);
    report.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, SUBTYPE, "Break-glass access report")));
    report.setSubject(new Reference(patientRef));
    report.setSent(Date.from(now));
    caller.fhirUser().ifPresent(ref -> report.setSender(new Reference(ref).setDisplay(caller.username())));
    report.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(caller.username()
        + " opened this record under break-glass until " + expires + ". Reason given: " + reason));
    daos.getResourceDao(Communication.class).create(report, new SystemRequestDetails());
    return expires;
  }

  /** Patients ({@code Patient/id}) this user holds an unexpired break-glass grant for, with its end. */
  public Map<String, Instant> active(Caller caller) {
    Map<String, Instant> grants = new LinkedHashMap<>();
    Instant now = clock.instant();
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(AuditEvent.SP_SUBTYPE, new TokenParam(SUBTYPE_SYSTEM, SUBTYPE))
        .add(AuditEvent.SP_ALTID, new TokenParam(caller.username()))
        .add(AuditEvent.SP_DATE, new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
            Date.from(now.minus(properties.breakGlassDuration()))));
    daos.getResourceDao(AuditEvent.class).search(map, new SystemRequestDetails())
        .getResources(0, Integer.MAX_VALUE)
        .forEach(resource -> {
          AuditEvent event = (AuditEvent) resource;
          Instant end = event.getPeriod().getEnd().toInstant();
          if (end.isAfter(now)) {
            event.getEntity().stream()
                .filter(e -> e.getWhat().getReferenceElement().getResourceType() != null
                    && e.getWhat().getReferenceElement().getResourceType().equals("Patient"))
                .forEach(e -> grants.merge("Patient/" + e.getWhat().getReferenceElement().getIdPart(), end,
                    (a, b) -> a.isAfter(b) ? a : b));
          }
        });
    return grants;
  }
}
