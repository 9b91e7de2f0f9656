package org.parity.security;

import static org.parity.security.SmartScopes.Permission.CREATE;
import static org.parity.security.SmartScopes.Permission.READ;
import static org.parity.security.SmartScopes.Permission.SEARCH;
import static org.parity.security.SmartScopes.Permission.UPDATE;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.parity.security.SmartScopes.Context;
import org.parity.security.SmartScopes.Permission;

/**
 * What each role may do to each resource type, whatever its token's scopes say (docs/security.md has this
 * matrix as a table). Effective permission is scope AND role AND relationship: this class is the role part.
 * Nobody deletes clinical records over the API; mistakes are marked entered-in-error so the history stays.
 * Pure: no framework types.
 */
public final class AccessMatrix {

  /** Definitions and directory data: not about one patient, readable by every role that may read anything. */
  public static final Set<String> REFERENCE_TYPES = Set.of(
      "Location", "Organization", "Practitioner", "PractitionerRole", "HealthcareService", "Endpoint",
      "StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap", "SearchParameter", "OperationDefinition",
      "CapabilityStatement", "ImplementationGuide", "Questionnaire", "PlanDefinition", "ActivityDefinition",
      "Library", "Medication", "Substance", "NamingSystem", "StructureMap");

  private static final Set<Permission> READS = EnumSet.of(READ, SEARCH);
  private static final Set<Permission> WRITES = EnumSet.of(READ, SEARCH, CREATE, UPDATE);

  // Charting at the bedside: vital signs, fluids, food, weight (HSSIB 2025: HCAs do most bedside charting).
  private static final Map<String, Set<Permission>> HEALTHCARE_ASSISTANT = Map.of(
      "Observation", WRITES,
      "Task", EnumSet.of(READ, SEARCH, UPDATE));

  // Registered nurses: charting plus assessments (VTE, physical health review items), plans, flags, admissions.
  private static final Map<String, Set<Permission>> NURSE = Map.ofEntries(
      Map.entry("Patient", WRITES), Map.entry("Encounter", WRITES), Map.entry("Observation", WRITES),
      Map.entry("QuestionnaireResponse", WRITES), Map.entry("RiskAssessment", WRITES), Map.entry("Goal", WRITES),
      Map.entry("CarePlan", WRITES), Map.entry("Flag", WRITES), Map.entry("Task", WRITES),
      Map.entry("Communication", WRITES), Map.entry("Consent", WRITES), Map.entry("RelatedPerson", WRITES),
      Map.entry("ServiceRequest", WRITES), Map.entry("DocumentReference", WRITES));

  // Doctors add diagnoses, prescribing records and investigations.
  private static final Map<String, Set<Permission>> DOCTOR_EXTRA = Map.of(
      "Condition", WRITES, "MedicationRequest", WRITES, "MedicationStatement", WRITES, "Procedure", WRITES,
      "DiagnosticReport", WRITES, "AllergyIntolerance", WRITES, "Composition", WRITES);

  private AccessMatrix() {}

  /** The scope context a role's tokens must use: staff {@code user/}, patients {@code patient/}, systems {@code system/}. */
  public static Context context(Role role) {
    return switch (role) {
      case PATIENT -> Context.PATIENT;
      case TRUST_SYSTEM, INTEGRATOR -> Context.SYSTEM;
      default -> Context.USER;
    };
  }

  /** Whether the role allows this permission on this resource type (before scopes and relationship). */
  public static boolean allows(Role role, String type, Permission permission) {
    if (REFERENCE_TYPES.contains(type)) {
      return READS.contains(permission);
    }
    return switch (role) {
      case HEALTHCARE_ASSISTANT -> staffRead(type, permission) || has(HEALTHCARE_ASSISTANT, type, permission);
      case NURSE -> staffRead(type, permission) || has(NURSE, type, permission);
      case DOCTOR -> staffRead(type, permission) || has(NURSE, type, permission) || has(DOCTOR_EXTRA, type, permission);
      // Ward managers also read their wards' audit trail and break-glass reports.
      case WARD_MANAGER -> staffRead(type, permission) || has(NURSE, type, permission)
          || "AuditEvent".equals(type) && READS.contains(permission);
      case AUDITOR -> ("AuditEvent".equals(type) || "Provenance".equals(type)) && READS.contains(permission);
      // Patients read their own record; they write only their own safety-plan entries (a CarePlan).
      case PATIENT -> !"AuditEvent".equals(type) && READS.contains(permission)
          || "CarePlan".equals(type) && WRITES.contains(permission);
      // Acute trusts pull records; which types is configured per client (parity.security.trust-clients).
      case TRUST_SYSTEM -> !"AuditEvent".equals(type) && READS.contains(permission);
      // Integrators send and track referrals, nothing else.
      case INTEGRATOR -> ("ServiceRequest".equals(type) || "Task".equals(type)) && WRITES.contains(permission);
    };
  }

  /** Ward staff read the whole record of their patients, except the audit trail. */
  private static boolean staffRead(String type, Permission permission) {
    return !"AuditEvent".equals(type) && READS.contains(permission);
  }

  private static boolean has(Map<String, Set<Permission>> table, String type, Permission permission) {
    Set<Permission> permissions = table.get(type);
    return permissions != null && permissions.contains(permission);
  }

  /** Scope AND role: whether any of the caller's roles, with the scope its context needs, allows this. */
  public static boolean permits(Caller caller, String type, Permission permission) {
    for (Role role : caller.roles()) {
      if (allows(role, type, permission) && caller.scopes().permits(context(role), type, permission)) {
        return true;
      }
    }
    return false;
  }
}
