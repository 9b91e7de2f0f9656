package org.parity.security;

import static org.parity.security.SmartScopes.Permission.CREATE;
import static org.parity.security.SmartScopes.Permission.READ;
import static org.parity.security.SmartScopes.Permission.SEARCH;
import static org.parity.security.SmartScopes.Permission.UPDATE;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.parity.fhir.RestInterceptor;
import org.parity.security.SmartScopes.Permission;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Authorisation of every FHIR request: HAPI's AuthorizationInterceptor with rules built per request from
 * granted scope AND role ({@link AccessMatrix}) AND relationship (the patients on the caller's wards, or the
 * patient's own record). HAPI then checks what is written and what is returned (includes, $everything,
 * transactions) against those rules. Searches are narrowed first by {@link SearchNarrowing}.
 */
@Component
@ConditionalOnProperty(name = "parity.security.enabled", havingValue = "true", matchIfMissing = true)
public class AccessRules extends AuthorizationInterceptor implements RestInterceptor {

  private static final Set<String> PATIENT_OPERATIONS = Set.of("$fluid-balance", "$must");
  private static final Set<String> SAFETY_PLAN_OPERATIONS = Set.of("$document", "$share");
  private static final String WARD_BOARD = "$ward-board";
  // What the ward board shows of each patient: the caller must be allowed to read all of it.
  private static final List<String> WARD_BOARD_TYPES = List.of("Patient", "Encounter", "Task", "Observation", "Flag");

  // FHIR R4 leaves Task out of the Patient compartment, but Parity's Tasks (reassessments, deadlines,
  // referrals) are about one patient, named in Task.for: count them in by its 'patient' search parameter.
  static final CompartmentSearchParameterModifications EXTRA_PATIENT_PARAMS =
      CompartmentSearchParameterModifications.fromAdditionalCompartmentParamNames("Task", Set.of("patient"));

  private final PatientScope patientScope;
  private final SecurityProperties properties;
  private final DaoRegistry daos;
  private final Set<String> compartmentTypes;
  private final List<String> allTypes;

  private final boolean subscriptions;

  public AccessRules(PatientScope patientScope, SecurityProperties properties, DaoRegistry daos, FhirContext fhir,
      @org.springframework.beans.factory.annotation.Value("${parity.subscriptions.enabled:true}") boolean subscriptions) {
    super(PolicyEnum.DENY);
    this.subscriptions = subscriptions;
    this.patientScope = patientScope;
    this.properties = properties;
    this.daos = daos;
    Set<String> record = new java.util.HashSet<>(PatientCompartment.types(fhir));
    record.add("Task");
    this.compartmentTypes = Set.copyOf(record);
    List<String> types = new ArrayList<>(fhir.getResourceTypes());
    types.sort(null);
    this.allTypes = List.copyOf(types);
  }

  @Override
  public List<IAuthRule> buildRuleList(RequestDetails request) {
    RequestAccess access = RequestAccess.of(request);
    Caller caller = access.caller();
    IAuthRuleBuilder rules = new RuleBuilder();
    rules.allow("metadata").metadata().andThen();
    if (!caller.authenticated()) {
      return rules.denyAll("A valid access token is required").build();
    }
    Set<IIdType> patients = patientScope.patientsOf(caller, access);
    boolean search = request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
        || request.getRestOperationType() == RestOperationTypeEnum.SEARCH_SYSTEM;
    Permission readLike = search ? SEARCH : READ;

    for (String type : allTypes) {
      boolean read = AccessMatrix.permits(caller, type, readLike) && properties.trustClientReads(caller, type);
      boolean create = AccessMatrix.permits(caller, type, CREATE);
      boolean update = AccessMatrix.permits(caller, type, UPDATE);
      boolean reference = AccessMatrix.REFERENCE_TYPES.contains(type);
      if (PatientScope.restricted(caller) && !reference && !compartmentTypes.contains(type)) {
        // Neither one patient's record nor reference data (Binary export files, Group, Bundle, Subscription...):
        // it could hold anyone's data, so staff and patients get none of it.
        continue;
      }
      boolean anyPatient = !PatientScope.restricted(caller) || reference;
      if (read) {
        if (anyPatient) {
          rules.allow("read " + type).read().resourcesOfType(type).withAnyId().andThen();
        } else if (!patients.isEmpty()) {
          rules.allow("read " + type).read().resourcesOfType(type)
              .inModifiedCompartment("Patient", patients, EXTRA_PATIENT_PARAMS).andThen();
        }
      }
      if (create && !update) {
        rules.allow("create " + type).create().resourcesOfType(type).withAnyId().andThen();
      }
      if (update && !create) {
        rules.deny("no create " + type).create().resourcesOfType(type).withAnyId().andThen();
      }
      if (create || update) {
        if (anyPatient) {
          rules.allow("write " + type).write().resourcesOfType(type).withAnyId().andThen();
        } else {
          if (caller.wardStaff() && create && (type.equals("Patient") || type.equals("Encounter"))) {
            // Admission: a new patient, or a known one readmitted; AdmissionWard checks the ward is the caller's.
            rules.allow("admit " + type).create().resourcesOfType(type).withAnyId().andThen();
          }
          if (!patients.isEmpty()) {
            rules.allow("write " + type).write().resourcesOfType(type)
                .inModifiedCompartment("Patient", patients, EXTRA_PATIENT_PARAMS).andThen();
          }
        }
      }
    }

    if (subscriptions && (caller.wardStaff() || caller.has(Role.TRUST_SYSTEM) || caller.has(Role.INTEGRATOR))) {
      // Ward staff subscribe to pings for the ward board, systems to rest-hooks; what each may ask for, and whose
      // Subscriptions each may see, is decided by subscriptions.SubscriptionGuard (issue 5).
      rules.allow("read Subscription").read().resourcesOfType("Subscription").withAnyId().andThen();
      rules.allow("write Subscription").write().resourcesOfType("Subscription").withAnyId().andThen();
    }

    historyOfOneRecord(request, caller, patients).ifPresent(id ->
        rules.allow("history " + id.getValue()).read().instance(id).andThen());

    rules.allow("conditional create").createConditional().allResources().andThen();
    rules.allow("conditional update").updateConditional().allResources().andThen();
    rules.allow("patch").patch().allRequests().andThen();
    rules.allow("transaction").transaction().withAnyOperation().andApplyNormalRules().andThen();
    rules.allow("$validate").operation().named("$validate").atAnyLevel().andAllowAllResponses().andThen();

    if (caller.wardStaff() || caller.has(Role.PATIENT)) {
      List<IIdType> patientList = new ArrayList<>(patients);
      if (!patientList.isEmpty()) {
        if (AccessMatrix.permits(caller, "Observation", READ)) {
          for (String operation : PATIENT_OPERATIONS) {
            rules.allow(operation).operation().named(operation).onInstances(patientList).andAllowAllResponses().andThen();
          }
        }
        rules.allow("$everything").operation().named("$everything").onInstances(patientList)
            .andRequireExplicitResponseAuthorization().andThen();
      }
      safetyPlanOperation(request, patients).ifPresent(plan -> {
        // Whoever may read the plan may have it as a document; staff who may write to the record, and the patient
        // (to themselves only: safetyplan.ShareOperation), may share it. Issue 6.
        boolean document = "$document".equals(request.getOperation()) && AccessMatrix.permits(caller, "CarePlan", READ);
        boolean share = "$share".equals(request.getOperation())
            && (caller.wardStaff() && AccessMatrix.permits(caller, "Communication", CREATE)
                || caller.has(Role.PATIENT) && AccessMatrix.permits(caller, "CarePlan", READ));
        if (document || share) {
          rules.allow("safety plan " + request.getOperation()).operation().named(request.getOperation())
              .onInstance(plan).andAllowAllResponses().andThen();
        }
      });
      encounterOperation(request, patients).ifPresent(encounter -> {
        if (AccessMatrix.permits(caller, "Observation", READ)) {
          rules.allow("encounter operation").operation().named(request.getOperation()).onInstance(encounter)
              .andAllowAllResponses().andThen();
        }
      });
    }
    if (caller.wardStaff() && WARD_BOARD_TYPES.stream().allMatch(type -> AccessMatrix.permits(caller, type, READ))) {
      // The ward board shows every current inpatient of one ward: for that ward's own staff only (issue 5).
      wardBoard(request).filter(ward -> caller.wards().contains(ward.siteCode())).ifPresent(ward ->
          rules.allow("$ward-board").operation().named(WARD_BOARD).onInstance(ward.id()).andAllowAllResponses()
              .andThen());
    }
    if (caller.wardStaff() && AccessMatrix.permits(caller, "QuestionnaireResponse", CREATE)) {
      // VTE form pre-population: who may complete the form; PopulateOperation checks the patient is theirs.
      rules.allow("$populate").operation().named("$populate").onInstancesOfType(org.hl7.fhir.r4.model.Questionnaire.class)
          .andAllowAllResponses().andThen();
    }
    if (caller.wardStaff() && AccessMatrix.permits(caller, "QuestionnaireResponse", READ)) {
      // Physical health review highlights (org.parity.phr.LesterOperation checks the patient is theirs).
      rules.allow("$lester").operation().named("$lester")
          .onInstancesOfType(org.hl7.fhir.r4.model.QuestionnaireResponse.class).andAllowAllResponses().andThen();
    }
    if (caller.wardStaff()) {
      rules.allow("$break-glass").operation().named("$break-glass").onInstancesOfType(Patient.class)
          .andAllowAllResponses().andThen();
      rules.allow("$break-glass by NHS number").operation().named("$break-glass").onType(Patient.class)
          .andAllowAllResponses().andThen();
    }
    if (caller.has(Role.TRUST_SYSTEM) && caller.scopes().permits(SmartScopes.Context.SYSTEM, "Patient", READ)) {
      rules.allow("$everything").operation().named("$everything").onInstancesOfType(Patient.class)
          .andRequireExplicitResponseAuthorization().andThen();
      rules.allow("bulk export").bulkExport().any().andThen();
      rules.allow("$export").operation().named("$export").atAnyLevel().andAllowAllResponses().andThen();
      rules.allow("bulk export status").operation().named("$export-poll-status").onServer().andAllowAllResponses().andThen();
      rules.allow("bulk export files").read().resourcesOfType("Binary").withAnyId().andThen();
    }
    if (caller.has(Role.TRUST_SYSTEM) && AccessMatrix.permits(caller, "CarePlan", READ)
        && properties.trustClientReads(caller, "CarePlan")) {
      // A trust that reads care plans may have a safety plan as a document (issue 6); it never shares one.
      rules.allow("safety plan $document").operation().named("$document").onInstancesOfType(CarePlan.class)
          .andAllowAllResponses().andThen();
    }
    return rules.denyAll("Not permitted for " + caller.username() + " (" + describe(caller) + ")").build();
  }

  /**
   * For {@code [type]/[id]/_history} of one record of a patient the caller may read (every version of a safety
   * plan, a chart entry...): the resource, if its patient is one of theirs. HAPI's compartment rules cannot tell
   * whose record an instance history is before it runs, so they refuse it; this rule names the instance instead.
   */
  private java.util.Optional<IIdType> historyOfOneRecord(RequestDetails request, Caller caller, Set<IIdType> patients) {
    String type = request.getResourceName();
    if (request.getRestOperationType() != RestOperationTypeEnum.HISTORY_INSTANCE || request.getId() == null
        || type == null || "Patient".equals(type) || !compartmentTypes.contains(type)
        || !AccessMatrix.permits(caller, type, READ) || !properties.trustClientReads(caller, type)) {
      return java.util.Optional.empty();
    }
    IIdType id = request.getId().toUnqualifiedVersionless();
    try {
      IBaseResource resource = daos.getResourceDao(type).read(id, new SystemRequestDetails());
      java.util.List<IIdType> owners = request.getFhirContext().newTerser()
          .getCompartmentOwnersForResource("Patient", resource, EXTRA_PATIENT_PARAMS);
      boolean allowed = owners.stream().anyMatch(owner -> "Patient".equals(owner.getResourceType())
          && patients.stream().anyMatch(p -> p.getIdPart().equals(owner.getIdPart())));
      return allowed ? java.util.Optional.of(id) : java.util.Optional.empty();
    } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
      return java.util.Optional.empty();
    }
  }

  /** For {@code CarePlan/[id]/$document} and {@code $share}: the CarePlan, if its patient is one the caller may see. */
  private java.util.Optional<IIdType> safetyPlanOperation(RequestDetails request, Set<IIdType> patients) {
    if (request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
        || !"CarePlan".equals(request.getResourceName()) || request.getId() == null
        || !SAFETY_PLAN_OPERATIONS.contains(request.getOperation())) {
      return java.util.Optional.empty();
    }
    try {
      CarePlan plan = (CarePlan) daos.getResourceDao(CarePlan.class)
          .read(request.getId().toUnqualifiedVersionless(), new SystemRequestDetails());
      String subject = plan.getSubject().getReferenceElement().getIdPart();
      boolean allowed = "Patient".equals(plan.getSubject().getReferenceElement().getResourceType())
          && patients.stream().anyMatch(p -> p.getIdPart().equals(subject));
      return allowed ? java.util.Optional.of(request.getId().toUnqualifiedVersionless()) : java.util.Optional.empty();
    } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
      return java.util.Optional.empty();
    }
  }

  private record Ward(IIdType id, String siteCode) {}

  /** For {@code Location/[id]/$ward-board}: the ward and its ODS site code. */
  private java.util.Optional<Ward> wardBoard(RequestDetails request) {
    if (request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
        || !"Location".equals(request.getResourceName()) || request.getId() == null
        || !WARD_BOARD.equals(request.getOperation())) {
      return java.util.Optional.empty();
    }
    try {
      Location location = (Location) daos.getResourceDao(Location.class)
          .read(request.getId().toUnqualifiedVersionless(), new SystemRequestDetails());
      return location.getIdentifier().stream()
          .filter(i -> WardPatients.ODS_SITE.equals(i.getSystem()) && i.hasValue())
          .findFirst()
          .map(i -> new Ward(request.getId().toUnqualifiedVersionless(), i.getValue()));
    } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
      return java.util.Optional.empty();
    }
  }

  /** For {@code Encounter/[id]/$operation}: the Encounter, if its patient is one the caller may see. */
  private java.util.Optional<IIdType> encounterOperation(RequestDetails request, Set<IIdType> patients) {
    if (request.getRestOperationType() != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
        || !"Encounter".equals(request.getResourceName()) || request.getId() == null
        || !PATIENT_OPERATIONS.contains(request.getOperation())) {
      return java.util.Optional.empty();
    }
    try {
      Encounter encounter = (Encounter) daos.getResourceDao(Encounter.class)
          .read(request.getId().toUnqualifiedVersionless(), new SystemRequestDetails());
      IIdType subject = new IdType("Patient", encounter.getSubject().getReferenceElement().getIdPart());
      boolean allowed = patients.stream().anyMatch(p -> p.getIdPart().equals(subject.getIdPart()));
      return allowed ? java.util.Optional.of(request.getId().toUnqualifiedVersionless()) : java.util.Optional.empty();
    } catch (ResourceNotFoundException e) {
      return java.util.Optional.empty();
    }
  }

  /** A 403 that says why and what the caller can do, with issue code {@code forbidden}. */
  @Override
  protected void handleDeny(RequestDetails request, Verdict verdict) {
    Caller caller = RequestAccess.of(request).caller();
    String what = (request.getRestOperationType() == null ? "request" : request.getRestOperationType().getCode())
        + (request.getResourceName() == null ? "" : " " + request.getResourceName())
        + (request.getId() != null && request.getId().hasIdPart() ? "/" + request.getId().getIdPart() : "");
    String message;
    if (!caller.authenticated()) {
      message = "A valid access token is required";
    } else if (caller.wardStaff()) {
      message = "Not permitted: " + what + ". " + caller.username() + " (" + describe(caller) + ") may reach only "
          + "patients currently admitted to their wards (" + String.join(", ", caller.wards()) + "), within what "
          + "their role allows (docs/security.md). If you need this patient's record, open it with "
          + "Patient/[id]/$break-glass and a reason: access is time-limited, audited and reported.";
    } else if (caller.has(Role.PATIENT)) {
      message = "Not permitted: " + what + ". A patient may read only their own record and write only their own "
          + "safety-plan entries.";
    } else {
      message = "Not permitted: " + what + " for " + caller.username() + " (" + describe(caller) + ", scopes '"
          + caller.scopes().raw() + "'): access is the granted scope AND the role AND the client's configured "
          + "resource types (docs/security.md).";
    }
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.FORBIDDEN)
        .setDiagnostics(message);
    throw new ForbiddenOperationException(message, outcome);
  }

  private static String describe(Caller caller) {
    Set<String> roles = new LinkedHashSet<>();
    caller.roles().forEach(role -> roles.add(role.code()));
    return roles.isEmpty() ? "no Parity role" : String.join(", ", roles);
  }
}
