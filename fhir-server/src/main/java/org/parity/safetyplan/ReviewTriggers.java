package org.parity.safetyplan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Keeps one open review Task per active safety plan ({@link ReviewTasks}): a plan becoming active gets a Task due on
 * its review date and completes the Task of the plan it replaces; a review completes the Task and opens the next;
 * a plan that ends without a replacement cancels its Task; a transfer to another ward, leave or discharge of the
 * patient's inpatient stay adds its reason to the open Task and brings it forward to
 * {@code parity.safety-plan.transition-review-within} after the transition. Any route (REST, transaction entries,
 * server writes); the Tasks are written in the same database transaction just before it commits, all changes of
 * the transaction together, so the order of its entries does not matter.
 */
@Component
public class ReviewTriggers implements StorageInterceptor {

  /** A safety plan version that changes its review Task. */
  record PlanEvent(PlanChanges.Change change, String plan, String patient, Reference encounter,
      PlanChanges.Plan facts) {}

  /** Transitions of a patient's inpatient stay. */
  record StayEvent(String encounter, String patient, List<Transitions.Transition> transitions) {}

  private final ReviewTasks tasks;
  private final ReviewSettings settings;
  private final Clock clock;

  public ReviewTriggers(ReviewTasks tasks, ReviewSettings settings, Clock clock) {
    this.tasks = tasks;
    this.settings = settings;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    written(null, resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    written(previous, resource);
  }

  private void written(IBaseResource previous, IBaseResource resource) {
    event(previous, resource).ifPresent(e -> BeforeCommit.add(ReviewTriggers.class.getName(), e, this::write));
  }

  Optional<Object> event(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof CarePlan plan && FhirPlanMapper.isSafetyPlan(plan) && plan.hasSubject()) {
      PlanChanges.Plan facts = facts(plan);
      PlanChanges.Change change = PlanChanges.of(previous instanceof CarePlan p ? facts(p) : null, facts);
      return change == PlanChanges.Change.NONE ? Optional.empty() : Optional.of(new PlanEvent(change,
          "CarePlan/" + plan.getIdElement().getIdPart(), ref(plan.getSubject()), plan.getEncounter(), facts));
    }
    if (resource instanceof Encounter encounter && previous instanceof Encounter before
        && ReviewTasks.inpatient(encounter) && encounter.hasSubject()) {
      List<Transitions.Transition> found = Transitions.between(stay(before), stay(encounter), clock.instant());
      return found.isEmpty() ? Optional.empty() : Optional.of(new StayEvent(
          "Encounter/" + encounter.getIdElement().getIdPart(), ref(encounter.getSubject()), found));
    }
    return Optional.empty();
  }

  static PlanChanges.Plan facts(CarePlan plan) {
    Extension due = plan.getExtensionByUrl(ReviewCodes.EXT_REVIEW_DUE);
    LocalDate reviewDue = due != null && due.getValue() instanceof BaseDateTimeType d && d.getValue() != null
        ? LocalDate.parse(d.getValueAsString().substring(0, 10)) : null;
    Extension reviewed = plan.getExtensionByUrl(ReviewCodes.EXT_REVIEWED);
    Extension date = reviewed == null ? null : reviewed.getExtensionByUrl("date");
    String reviewedAt = date != null && date.hasValue() ? date.getValue().primitiveValue() : null;
    List<String> replaces = plan.getReplaces().stream().filter(Reference::hasReference).map(ReviewTriggers::ref)
        .toList();
    return new PlanChanges.Plan(plan.getStatus() == null ? null : plan.getStatus().toCode(), reviewDue, reviewedAt,
        replaces);
  }

  static Transitions.Stay stay(Encounter encounter) {
    String ward = null;
    Instant since = null;
    for (Encounter.EncounterLocationComponent location : encounter.getLocation()) {
      boolean isWard = location.getPhysicalType().getCoding().stream().anyMatch(c -> "wa".equals(c.getCode())
          && (!c.hasSystem() || ReviewCodes.PHYSICAL_TYPE.equals(c.getSystem())));
      if (isWard && location.getStatus() == Encounter.EncounterLocationStatus.ACTIVE
          && location.getLocation().hasReference()) {
        ward = ref(location.getLocation());
        since = location.getPeriod().hasStart() ? location.getPeriod().getStart().toInstant() : null;
      }
    }
    Instant end = encounter.getPeriod().hasEnd() ? encounter.getPeriod().getEnd().toInstant() : null;
    return new Transitions.Stay(encounter.getStatus() == null ? null : encounter.getStatus().toCode(), ward, since,
        end);
  }

  private static String ref(Reference reference) {
    return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
  }

  /**
   * At commit, in three passes so the order of a transaction's entries does not matter: plans that became active
   * or were reviewed; plans that ended (completed, not cancelled, when an active plan replaces them, because the
   * server revokes a replaced plan in the same transaction as its replacement becomes active); transitions.
   */
  private void write(List<Object> events) {
    Map<String, Optional<Task>> open = new HashMap<>();
    Map<String, String> replacedBy = new HashMap<>();
    Map<String, PlanEvent> activeNow = new LinkedHashMap<>();
    Set<String> ended = new HashSet<>();
    for (Object e : events) {
      if (e instanceof PlanEvent p && p.change() != PlanChanges.Change.ENDED) {
        for (String replaced : p.facts().replaces()) {
          replacedBy.put(replaced, p.plan());
          openTask(open, replaced).ifPresent(task -> tasks.complete(task, p.plan()));
          open.put(replaced, Optional.empty());
        }
        if (p.change() == PlanChanges.Change.REVIEWED) {
          openTask(open, p.plan()).ifPresent(task -> tasks.complete(task, p.plan()));
          open.put(p.plan(), Optional.empty());
        }
        if (p.facts().reviewDue() != null && openTask(open, p.plan()).isEmpty()) {
          String admission = tasks.admission(p.patient(), p.encounter()).orElse(null);
          open.put(p.plan(), Optional.of(tasks.create(p.plan(), p.patient(), admission, reviewDate(p))));
        }
        activeNow.put(p.plan(), p);
      }
    }
    for (Object e : events) {
      if (e instanceof PlanEvent p && p.change() == PlanChanges.Change.ENDED) {
        ended.add(p.plan());
        activeNow.remove(p.plan());
        String replacement = replacedBy.containsKey(p.plan()) ? replacedBy.get(p.plan())
            : tasks.activeReplacement(p.plan()).orElse(null);
        openTask(open, p.plan()).ifPresent(task -> {
          if (replacement != null) {
            tasks.complete(task, replacement);
          } else {
            tasks.cancel(task, p.facts().status());
          }
        });
        open.put(p.plan(), Optional.empty());
      }
    }
    for (Object e : events) {
      if (e instanceof StayEvent s) {
        List<ReviewTasks.Trigger> triggers = s.transitions().stream()
            .map(t -> new ReviewTasks.Trigger(t.reason(), s.encounter(),
                ReviewDue.afterTransition(t.at(), settings.transitionReviewWithin())))
            .toList();
        Map<String, PlanChanges.Plan> plans = new LinkedHashMap<>();
        tasks.activePlans(s.patient()).forEach(p -> plans.put("CarePlan/" + p.getIdElement().getIdPart(), facts(p)));
        activeNow.values().stream().filter(p -> p.patient().equals(s.patient()))
            .forEach(p -> plans.put(p.plan(), p.facts()));
        ended.forEach(plans::remove);
        plans.forEach((plan, facts) -> {
          Optional<Task> task = openTask(open, plan);
          if (task.isPresent()) {
            tasks.addReasons(task.get(), triggers, s.encounter());
            return;
          }
          // An active plan without an open Task (e.g. made active before reviews were prompted): open one now.
          List<ReviewTasks.Trigger> all = new ArrayList<>(triggers);
          if (facts.reviewDue() != null) {
            all.add(0, new ReviewTasks.Trigger(ReviewCodes.Reason.REVIEW_DATE, plan,
                ReviewDue.onReviewDate(facts.reviewDue())));
          }
          Task created = tasks.create(plan, s.patient(), s.encounter(), all.get(0));
          if (all.size() > 1) {
            tasks.addReasons(created, all.subList(1, all.size()), s.encounter());
          }
          open.put(plan, Optional.of(created));
        });
      }
    }
  }

  private Optional<Task> openTask(Map<String, Optional<Task>> open, String plan) {
    return open.computeIfAbsent(plan, tasks::open);
  }

  private static ReviewTasks.Trigger reviewDate(PlanEvent p) {
    return new ReviewTasks.Trigger(ReviewCodes.Reason.REVIEW_DATE, p.plan(),
        ReviewDue.onReviewDate(p.facts().reviewDue()));
  }
}
