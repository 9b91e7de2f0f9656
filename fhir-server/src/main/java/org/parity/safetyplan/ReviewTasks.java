package org.parity.safetyplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/**
 * The review Task of an active safety plan (until the deadline mechanism of issue 5 adopts it): at most one open
 * Task per plan; a new reason is added to it and its due time brought forward if sooner; a review or a new version
 * completes it, the plan's end cancels it. Written as the server, in the caller's database transaction.
 */
@Component
public class ReviewTasks {

  /** Why a review is due and when; {@code source} is the CarePlan or Encounter that prompted it. */
  public record Trigger(ReviewCodes.Reason reason, String source, Instant due) {}

  private final DaoRegistry daos;
  private final ServerReads reads;
  private final Clock clock;

  public ReviewTasks(DaoRegistry daos, ServerReads reads, Clock clock) {
    this.daos = daos;
    this.reads = reads;
    this.clock = clock;
  }

  /** The plan's open review Task, if there is one (the soonest due, should there ever be two). */
  public Optional<Task> open(String planRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Task.SP_FOCUS, new ReferenceParam(planRef))
        .add(Task.SP_CODE, new TokenParam(ReviewCodes.SAFETY_PLAN, ReviewCodes.REVIEW))
        .add(Task.SP_STATUS, new TokenParam("requested"));
    return reads.find(Task.class, map).stream()
        .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
        .min(Comparator.comparing(t -> t.getRestriction().getPeriod().hasEnd()
            ? t.getRestriction().getPeriod().getEnd().getTime() : Long.MAX_VALUE));
  }

  /** Creates the plan's review Task with its first reason. */
  public Task create(String planRef, String patientRef, String encounterRef, Trigger first) {
    Instant now = clock.instant();
    Task task = new Task();
    task.getMeta().addProfile(ReviewCodes.PROFILE_TASK);
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding(ReviewCodes.SAFETY_PLAN, ReviewCodes.REVIEW,
        ReviewCodes.REVIEW_DISPLAY)));
    // Ongoing review of a co-produced plan: NHS England, Staying safe from suicide (2025).
    task.setDescription(ReviewCodes.REVIEW_DISPLAY);
    task.setFor(new Reference(patientRef));
    task.setFocus(new Reference(planRef));
    if (encounterRef != null) {
      task.setEncounter(new Reference(encounterRef));
    }
    task.setAuthoredOn(Date.from(now));
    task.setLastModified(Date.from(now));
    task.setBusinessStatus(new CodeableConcept().setText("due"));
    addReason(task, first);
    task.setId(daos.getResourceDao(Task.class).create(task, new SystemRequestDetails()).getId()
        .toUnqualifiedVersionless());
    return task;
  }

  /** Adds these reasons to the open Task (due brought forward if sooner); names the admission if it had none. */
  public Task addReasons(Task open, List<Trigger> triggers, String encounterRef) {
    triggers.forEach(trigger -> addReason(open, trigger));
    if (!open.hasEncounter() && encounterRef != null) {
      open.setEncounter(new Reference(encounterRef));
    }
    open.setLastModified(Date.from(clock.instant()));
    daos.getResourceDao(Task.class).update(open, new SystemRequestDetails());
    return open;
  }

  /** Completes the Task with the plan that answered it; a Task no longer open is left as it is. */
  public void complete(Task task, String planRef) {
    if (task.getStatus() != Task.TaskStatus.REQUESTED) {
      return;
    }
    task.setStatus(Task.TaskStatus.COMPLETED);
    task.setBusinessStatus(new CodeableConcept().setText("completed"));
    task.setLastModified(Date.from(clock.instant()));
    task.addOutput()
        .setType(new CodeableConcept(new Coding(ReviewCodes.SAFETY_PLAN, ReviewCodes.CATEGORY, "Safety plan")))
        .setValue(new Reference(planRef));
    daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
  }

  /** Cancels the Task of a plan that ended without a replacement; a Task no longer open is left as it is. */
  public void cancel(Task task, String planStatus) {
    if (task.getStatus() != Task.TaskStatus.REQUESTED) {
      return;
    }
    task.setStatus(Task.TaskStatus.CANCELLED);
    task.setBusinessStatus(new CodeableConcept().setText("cancelled"));
    task.setStatusReason(new CodeableConcept().setText("The safety plan is " + planStatus));
    task.setLastModified(Date.from(clock.instant()));
    daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
  }

  /** The patient's active safety plans (one, by the lifecycle rules). */
  public List<CarePlan> activePlans(String patientRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(CarePlan.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(CarePlan.SP_STATUS, new TokenParam("active"))
        .add(CarePlan.SP_CATEGORY, new TokenParam(ReviewCodes.SAFETY_PLAN, ReviewCodes.CATEGORY));
    return reads.find(CarePlan.class, map).stream().filter(p -> p.getStatus() == CarePlan.CarePlanStatus.ACTIVE).toList();
  }

  /** The active plan that replaces this one ({@code CarePlan/id}), if there is one. */
  public Optional<String> activeReplacement(String planRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(CarePlan.SP_REPLACES, new ReferenceParam(planRef))
        .add(CarePlan.SP_STATUS, new TokenParam("active"));
    return reads.find(CarePlan.class, map).stream()
        .filter(p -> p.getStatus() == CarePlan.CarePlanStatus.ACTIVE)
        .map(p -> "CarePlan/" + p.getIdElement().getIdPart())
        .findFirst();
  }

  /** The patient's current inpatient admission: the plan's own if it is one in progress, else the latest. */
  public Optional<String> admission(String patientRef, Reference named) {
    if (named != null && named.hasReference() && "Encounter".equals(named.getReferenceElement().getResourceType())) {
      try {
        Encounter e = daos.getResourceDao(Encounter.class)
            .read(named.getReferenceElement().toUnqualifiedVersionless(), new SystemRequestDetails());
        if (inpatient(e) && e.getStatus() == Encounter.EncounterStatus.INPROGRESS) {
          return Optional.of("Encounter/" + e.getIdElement().getIdPart());
        }
      } catch (RuntimeException gone) {
        // not found or deleted: fall back to the patient's current admission
      }
    }
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Encounter.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(Encounter.SP_STATUS, new TokenParam("in-progress"));
    return reads.find(Encounter.class, map).stream()
        .filter(ReviewTasks::inpatient)
        .filter(e -> e.getStatus() == Encounter.EncounterStatus.INPROGRESS)
        .max(Comparator.comparing(e -> e.getPeriod().hasStart() ? e.getPeriod().getStart().getTime() : 0L))
        .map(e -> "Encounter/" + e.getIdElement().getIdPart());
  }

  static boolean inpatient(Encounter encounter) {
    return ReviewCodes.IMP_SYSTEM.equals(encounter.getClass_().getSystem())
        && "IMP".equals(encounter.getClass_().getCode());
  }

  /**
   * Each reason once as a coding of {@code reasonCode} with {@code reasonCode.text} listing them; each trigger also
   * as a {@code Task.input} (type = the reason, value = what prompted it); the due time is the soonest.
   */
  static void addReason(Task task, Trigger trigger) {
    ReviewCodes.Reason reason = trigger.reason();
    CodeableConcept reasons = task.getReasonCode();
    if (reasons.getCoding().stream().noneMatch(c -> is(c, reason))) {
      reasons.addCoding(coding(reason));
    }
    boolean recorded = task.getInput().stream().anyMatch(i -> i.getType().getCoding().stream()
        .anyMatch(c -> is(c, reason)) && i.getValue() instanceof Reference r
        && trigger.source().equals(r.getReference()));
    if (!recorded) {
      task.addInput().setType(new CodeableConcept(coding(reason))).setValue(new Reference(trigger.source()));
    }
    Date current = task.getRestriction().getPeriod().getEnd();
    Instant due = ReviewDue.sooner(current == null ? null : current.toInstant(), trigger.due());
    task.getRestriction().getPeriod().setEnd(Date.from(due));
    List<String> all = new ArrayList<>();
    reasons.getCoding().forEach(c -> all.add(c.getDisplay()));
    reasons.setText(String.join("; ", all));
  }

  private static boolean is(Coding coding, ReviewCodes.Reason reason) {
    return ReviewCodes.SAFETY_PLAN.equals(coding.getSystem()) && reason.code.equals(coding.getCode());
  }

  private static Coding coding(ReviewCodes.Reason reason) {
    return new Coding(ReviewCodes.SAFETY_PLAN, reason.code, reason.display);
  }
}
