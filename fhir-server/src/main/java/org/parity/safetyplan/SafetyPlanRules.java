package org.parity.safetyplan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.parity.security.Caller;
import org.parity.security.RequestAccess;
import org.parity.security.Role;
import org.springframework.stereotype.Component;

/**
 * Every write of a safety plan, whatever its route, passes here before profile validation: the lifecycle
 * ({@link Lifecycle}), who wrote each entry ({@link Authorship}), what a signed-in patient may change, the
 * If-Match precondition ({@link IfMatchRequired}), and the version it replaces. When a revision is agreed, the plan
 * it replaces is marked revoked in the same database transaction.
 */
@Component
public class SafetyPlanRules implements StorageInterceptor {

  // Before ProfileEnforcement (order 0): entry ids and authors are stamped first, then the result is validated.
  private static final int BEFORE_VALIDATION = -100;
  private static final String REVOKE = SafetyPlanRules.class.getName() + ".revoke";

  private final DaoRegistry daos;
  private final Consents consents;
  private final Clock clock;

  public SafetyPlanRules(DaoRegistry daos, Consents consents, Clock clock) {
    this.daos = daos;
    this.consents = consents;
    this.clock = clock;
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION)
  public void created(IBaseResource resource, RequestDetails request) {
    if (resource instanceof CarePlan plan && FhirPlanMapper.isSafetyPlan(plan)) {
      write(null, plan, request);
    }
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    if (!(resource instanceof CarePlan plan) || !(previous instanceof CarePlan before)) {
      return;
    }
    boolean was = FhirPlanMapper.isSafetyPlan(before);
    if (was && !FhirPlanMapper.isSafetyPlan(plan)) {
      new Refusal().rule("CarePlan.category", "A safety plan stays a safety plan: keep its category").throwIfAny();
    }
    if (was) {
      IfMatchRequired.check(request, plan);
      write(before, plan, request);
    }
  }

  private void write(CarePlan before, CarePlan plan, RequestDetails request) {
    boolean internal = request == null || request instanceof SystemRequestDetails;
    Caller caller = internal ? Caller.UNSECURED : RequestAccess.of(request).caller();
    Authorship.Writer writer = writer(caller, internal);
    if (writer instanceof Authorship.PatientWriter && before == null) {
      forbid("CarePlan", "A safety plan is started with a member of staff; you can then add your own words to it");
    }
    FhirPlanMapper.assignIds(plan);
    Plan previous = before == null ? null : FhirPlanMapper.plan(before);
    Plan next = FhirPlanMapper.plan(plan);

    Refusal refusal = new Refusal();
    Lifecycle.check(previous, next, clock.instant()).forEach(p -> refusal.rule(p.expression(), p.reason()));
    if (next.subject() == null || !next.subject().startsWith("Patient/")) {
      refusal.rule("CarePlan.subject", "A safety plan belongs to a patient (subject = Patient/...)");
      refusal.throwIfAny();
    }
    Set<String> contributors = consents.contributors(next.subject());
    Authorship.Result authors = Authorship.stamp(previous == null ? List.of() : previous.entries(), next.entries(),
        writer, next.subject(), contributors, clock.instant());
    if (!authors.forbidden().isEmpty()) {
      forbid(authors.forbidden().get(0).expression(), authors.forbidden().get(0).reason());
    }
    if (writer instanceof Authorship.PatientWriter) {
      onlyEntriesChanged(before, plan);
    }
    authors.problems().forEach(p -> refusal.rule(p.expression(), p.reason()));
    replaces(previous, next, plan, refusal);
    refusal.throwIfAny();

    FhirPlanMapper.applyAuthors(plan, authors.entries());
    if (next.isActive() && (previous == null || !previous.isActive())) {
      next.replaces().forEach(old -> BeforeCommit.add(REVOKE, old, this::revoke));
    }
  }

  private static Authorship.Writer writer(Caller caller, boolean internal) {
    if (internal || !caller.authenticated()) {
      return new Authorship.UnsignedWriter();
    }
    if (caller.has(Role.PATIENT) && caller.patientId().isPresent()) {
      return new Authorship.PatientWriter("Patient/" + caller.patientId().get());
    }
    return new Authorship.StaffWriter(caller.fhirUser().filter(f -> f.startsWith("Practitioner/")).orElse(null));
  }

  /** A signed-in patient adds and changes their own entries; everything else on the plan is changed with staff. */
  private static void onlyEntriesChanged(CarePlan before, CarePlan plan) {
    CarePlan a = before.copy();
    CarePlan b = plan.copy();
    for (CarePlan p : List.of(a, b)) {
      p.setActivity(new ArrayList<>());
      p.setMeta(null);
      p.setText(null);
      p.setIdElement(new IdType());
    }
    if (!a.equalsDeep(b)) {
      forbid("CarePlan", "You can add and change your own words; the rest of the plan (its status, dates and "
          + "agreement) is changed together with a member of staff");
    }
  }

  /** A new version names the agreed plan it revises: same patient, still active, and only one agreed plan at a time. */
  private void replaces(Plan previous, Plan next, CarePlan plan, Refusal refusal) {
    boolean becomesActive = next.isActive() && (previous == null || !previous.isActive());
    boolean checkReplaced = !next.replaces().isEmpty()
        && (previous == null || becomesActive || !previous.replaces().equals(next.replaces()));
    if (checkReplaced) {
      for (int i = 0; i < next.replaces().size(); i++) {
        String ref = next.replaces().get(i);
        String at = "CarePlan.replaces[" + i + "]";
        Optional<CarePlan> old = read(ref);
        if (old.isEmpty() || !FhirPlanMapper.isSafetyPlan(old.get())) {
          refusal.rule(at, ref + " is not a safety plan on this server");
        } else if (!next.subject().equals(FhirPlanMapper.ref(old.get().getSubject()))) {
          refusal.rule(at, ref + " is another patient's plan");
        } else if (old.get().getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
          refusal.rule(at, ref + " is " + old.get().getStatus().toCode()
              + "; a new version replaces the plan currently agreed (active)");
        }
      }
    }
    if (becomesActive) {
      String self = plan.getIdElement().hasIdPart() ? "CarePlan/" + plan.getIdElement().getIdPart() : null;
      for (String active : activePlans(next.subject())) {
        if (!active.equals(self) && !next.replaces().contains(active)) {
          refusal.rule("CarePlan.replaces", next.subject() + " already has an agreed plan (" + active
              + "); a new version names it in replaces, and it is replaced when this one is agreed");
        }
      }
    }
  }

  private List<String> activePlans(String patient) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(CarePlan.SP_SUBJECT, new ReferenceParam(patient));
    map.add(CarePlan.SP_STATUS, new TokenParam("active"));
    map.add(CarePlan.SP_CATEGORY, new TokenParam(SafetyPlanCodes.SYSTEM, SafetyPlanCodes.CATEGORY));
    return daos.getResourceDao(CarePlan.class).search(map, new SystemRequestDetails()).getAllResources().stream()
        .map(r -> r.getIdElement().toUnqualifiedVersionless().getValue()).toList();
  }

  private Optional<CarePlan> read(String ref) {
    try {
      return Optional.of(daos.getResourceDao(CarePlan.class).read(new IdType(ref), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
      return Optional.empty();
    }
  }

  /** At commit: the versions replaced by a plan just agreed are superseded (revoked), unless already so. */
  private void revoke(List<String> replaced) {
    for (String ref : replaced) {
      read(ref).filter(old -> old.getStatus() == CarePlan.CarePlanStatus.ACTIVE).ifPresent(old -> {
        old.setStatus(CarePlan.CarePlanStatus.REVOKED);
        daos.getResourceDao(CarePlan.class).update(old, new SystemRequestDetails());
      });
    }
  }

  private static void forbid(String expression, String reason) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.FORBIDDEN).setDiagnostics(reason).addExpression(expression);
    throw new ForbiddenOperationException(reason, outcome);
  }
}
