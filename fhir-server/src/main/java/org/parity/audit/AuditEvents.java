package org.parity.audit;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.parity.security.Caller;
import org.parity.security.Role;

/**
 * Maps the facts of one request ({@link Access}) to an R4 AuditEvent following IHE Basic Audit Log Patterns
 * (BALP). Pure: no Spring, no database.
 */
public final class AuditEvents {

  public static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  public static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
  public static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  public static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  public static final String BALP_ENTITY_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
  public static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
  public static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
  public static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  public static final String SECURITY_SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  /** Identifier systems for people and client applications known only by their Keycloak names. */
  public static final String USERNAME_SYSTEM = "https://parity-epr.org/fhir/sid/username";
  public static final String CLIENT_SYSTEM = "https://parity-epr.org/fhir/sid/oauth-client";
  public static final String ROLE_SYSTEM = "https://parity-epr.org/fhir/CodeSystem/role";
  /** The FHIR operation invoked, as its name ({@code $everything}), in {@code subtype}. */
  public static final String OPERATION_SYSTEM = "https://parity-epr.org/fhir/CodeSystem/operation";

  private AuditEvents() {}

  /** The BALP action for an interaction: C create, R read, U update, D delete, E execute (search, operations). */
  public static AuditEventAction action(String interaction, String httpMethod) {
    if (interaction == null) {
      return switch (httpMethod == null ? "" : httpMethod.toUpperCase(Locale.ROOT)) {
        case "GET", "HEAD" -> AuditEventAction.R;
        case "POST" -> AuditEventAction.C;
        case "PUT", "PATCH" -> AuditEventAction.U;
        case "DELETE" -> AuditEventAction.D;
        default -> AuditEventAction.E;
      };
    }
    return switch (interaction) {
      case "create" -> AuditEventAction.C;
      case "read", "vread", "history-instance", "history-type", "history-system", "capabilities" -> AuditEventAction.R;
      case "update", "patch" -> AuditEventAction.U;
      case "delete" -> AuditEventAction.D;
      default -> AuditEventAction.E; // search-type, search-system, transaction, batch, operation
    };
  }

  /** 0 success (1xx-3xx), 4 minor failure (4xx: refused), 8 serious failure (5xx). */
  public static AuditEventOutcome outcome(int status) {
    if (status >= 500) {
      return AuditEventOutcome._8;
    }
    if (status >= 400) {
      return AuditEventOutcome._4;
    }
    return AuditEventOutcome._0;
  }

  /** Systems (trust integrations) act under no purpose of use; auditors for operations; everyone else treats. */
  static String purpose(Caller caller) {
    if (caller.has(Role.TRUST_SYSTEM) || caller.has(Role.INTEGRATOR)) {
      return null;
    }
    if (caller.has(Role.AUDITOR) && !caller.wardStaff()) {
      return "HOPERAT";
    }
    return "TREAT";
  }

  public static AuditEvent toAuditEvent(Access access) {
    AuditEvent event = new AuditEvent();
    event.getType().setSystem(AUDIT_EVENT_TYPE).setCode("rest").setDisplay("Restful Operation");
    if (access.interaction() != null) {
      event.addSubtype().setSystem(RESTFUL_INTERACTION).setCode(access.interaction());
    }
    if (access.operation() != null) {
      event.addSubtype().setSystem(OPERATION_SYSTEM).setCode(access.operation());
    }
    if (access.interaction() == null && access.operation() == null) {
      event.addSubtype().setSystem(RESTFUL_INTERACTION).setCode("unknown")
          .setDisplay(access.httpMethod() + " (no FHIR interaction was determined)");
    }
    event.setAction(action(access.interaction(), access.httpMethod()));
    event.setPeriod(new Period().setStart(Date.from(access.start())).setEnd(Date.from(access.end())));
    event.setRecorded(Date.from(access.end()));
    event.setOutcome(outcome(access.status()));
    event.setOutcomeDesc("HTTP " + access.status()
        + (access.detail() == null || access.detail().isBlank() ? "" : ": " + truncate(access.detail(), 1000)));

    Caller caller = access.caller();
    String purpose = access.authenticatedCaller() ? purpose(caller) : null;
    if (purpose != null && !(access.patients().size() > 0
        && access.breakGlassPatients().containsAll(access.patients()))) {
      event.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, purpose, null)));
    }
    if (access.authenticatedCaller() && !access.breakGlassPatients().isEmpty()) {
      event.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, "BTG", "break the glass")));
    }

    // The person (BALP "user"): requestor.
    AuditEventAgentComponent user = event.addAgent().setRequestor(true);
    boolean writes = event.getAction() == AuditEventAction.C || event.getAction() == AuditEventAction.U
        || event.getAction() == AuditEventAction.D;
    user.getType().addCoding(writes
        ? new Coding(PARTICIPATION_TYPE, "AUT", "author (originator)")
        : new Coding(PARTICIPATION_TYPE, "IRCP", "information recipient"));
    if (!access.authenticatedCaller()) {
      user.getWho().setIdentifier(new Identifier().setSystem(USERNAME_SYSTEM).setValue("unauthenticated"))
          .setDisplay("unauthenticated");
    } else {
      if (caller.fhirUser().isPresent()) {
        user.getWho().setReference(caller.fhirUser().get());
      } else {
        user.getWho().setIdentifier(new Identifier().setSystem(USERNAME_SYSTEM).setValue(caller.username()));
      }
      user.getWho().setDisplay(caller.username());
      user.setAltId(caller.username());
      user.setName(caller.username());
      caller.roles().forEach(role -> user.addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, role.code(), null))));
    }

    // The client application (BALP "client"): source of the request, not the requestor.
    AuditEventAgentComponent client = event.addAgent().setRequestor(false);
    client.getType().addCoding(new Coding(DICOM, "110153", "Source Role ID"));
    String clientId = access.authenticatedCaller() ? caller.clientId() : "unknown";
    client.getWho().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(clientId)).setDisplay(clientId);
    if (access.networkAddress() != null) {
      client.getNetwork().setAddress(access.networkAddress()).setType(AuditEventAgentNetworkType._2);
    }

    // This server (BALP "server"): destination of the request.
    AuditEventAgentComponent server = event.addAgent().setRequestor(false);
    server.getType().addCoding(new Coding(DICOM, "110152", "Destination Role ID"));
    server.getWho().setDisplay(access.observer());
    server.getNetwork().setAddress(access.observer()).setType(AuditEventAgentNetworkType._5);

    event.getSource().setSite("Parity").setObserver(new Reference().setDisplay(access.observer())
        .setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue(access.observer())));
    event.getSource().addType(new Coding(SECURITY_SOURCE_TYPE, "4", "Application Server"));

    for (String patient : access.patients()) {
      AuditEventEntityComponent entity = event.addEntity();
      entity.getType().setSystem(ENTITY_TYPE).setCode("1").setDisplay("Person");
      entity.getRole().setSystem(OBJECT_ROLE).setCode("1").setDisplay("Patient");
      entity.getWhat().setReference(patient);
    }
    for (String resource : access.resources()) {
      AuditEventEntityComponent entity = event.addEntity();
      entity.getType().setSystem(ENTITY_TYPE).setCode("2").setDisplay("System Object");
      entity.getRole().setSystem(OBJECT_ROLE).setCode("4").setDisplay("Domain Resource");
      entity.getWhat().setReference(resource);
    }
    if (access.query() != null) {
      AuditEventEntityComponent entity = event.addEntity();
      entity.getType().setSystem(ENTITY_TYPE).setCode("2").setDisplay("System Object");
      entity.getRole().setSystem(OBJECT_ROLE).setCode("24").setDisplay("Query");
      entity.setDescription(truncate(access.description(), 4000));
      entity.setQuery(access.query().getBytes(StandardCharsets.UTF_8));
    } else if (access.description() != null) {
      // The request as received, so a refused or unusual request is still recognisable.
      AuditEventEntityComponent entity = event.addEntity();
      entity.getType().setSystem(ENTITY_TYPE).setCode("2").setDisplay("System Object");
      entity.setName("request");
      entity.setDescription(truncate(access.description(), 4000));
    }
    if (access.requestId() != null) {
      AuditEventEntityComponent entity = event.addEntity();
      entity.getType().setSystem(BALP_ENTITY_TYPE).setCode("XrequestId");
      entity.getWhat().getIdentifier().setValue(access.requestId());
    }
    return event;
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
