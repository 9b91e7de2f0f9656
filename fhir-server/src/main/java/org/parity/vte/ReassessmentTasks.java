package org.parity.vte;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * The VTE reassessment Task of an admission (until the deadline mechanism of issue 5 adopts it): at most one open
 * Task per admission; a new reason is added to it and its due time brought forward if sooner; a completed
 * assessment completes it. Written as the server, in the caller's database transaction.
 */
@Component
public class ReassessmentTasks {

  /** Why a reassessment is due, and when. {@code focus} is the resource that changed the clinical situation. */
  public record Trigger(String reason, String display, String focus, Instant due) {}

  private final DaoRegistry daos;
  private final VteRecord record;
  private final Clock clock;

  public ReassessmentTasks(DaoRegistry daos, VteRecord record, Clock clock) {
    this.daos = daos;
    this.record = record;
    this.clock = clock;
  }

  /** Creates the admission's reassessment Task, or adds these reasons to the open one. */
  public Task due(Encounter admission, List<Trigger> triggers) {
    String encounterRef = "Encounter/" + admission.getIdElement().getIdPart();
    Optional<Task> open = record.openReassessment(encounterRef);
    Task task = open.orElseGet(() -> newTask(admission, encounterRef, triggers.get(0)));
    for (Trigger trigger : triggers) {
      addReason(task, trigger);
    }
    SystemRequestDetails system = new SystemRequestDetails();
    if (open.isPresent()) {
      daos.getResourceDao(Task.class).update(task, system);
    } else {
      task.setId(daos.getResourceDao(Task.class).create(task, system).getId().toUnqualifiedVersionless());
    }
    return task;
  }

  /** Completes the admission's open reassessment Task with the assessment that answered it. */
  public Optional<Task> complete(String encounterRef, String riskAssessmentRef) {
    Optional<Task> open = record.openReassessment(encounterRef);
    open.ifPresent(task -> {
      task.setStatus(Task.TaskStatus.COMPLETED);
      task.setBusinessStatus(new CodeableConcept().setText("completed"));
      task.setLastModified(Date.from(clock.instant()));
      task.addOutput()
          .setType(new CodeableConcept(new Coding(VteFhirCodes.VTE, VteFhirCodes.ASSESSMENT_CODE,
              "VTE risk assessment")))
          .setValue(new Reference(riskAssessmentRef));
      daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
    });
    return open;
  }

  private Task newTask(Encounter admission, String encounterRef, Trigger first) {
    Task task = new Task();
    task.getMeta().addProfile(VteFhirCodes.PROFILE_TASK);
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding(VteFhirCodes.VTE, VteFhirCodes.REASSESSMENT_CODE,
        "VTE reassessment")));
    task.setDescription("Reassess VTE and bleeding risk (DH VTE risk assessment tool; NICE NG89)");
    task.setFor(admission.getSubject().copy());
    task.setEncounter(new Reference(encounterRef));
    task.setAuthoredOn(Date.from(clock.instant()));
    task.setLastModified(Date.from(clock.instant()));
    task.setBusinessStatus(new CodeableConcept().setText("due"));
    task.setFocus(new Reference(first.focus()));
    task.getRestriction().getPeriod().setEnd(Date.from(first.due()));
    return task;
  }

  /**
   * Each reason once as a coding of {@code reasonCode} (the contract; R4 has one reasonCode per Task) with
   * {@code reasonCode.text} listing them; each trigger also as a {@code Task.input} (type = reason, value = the
   * resource that changed the situation); the due time is the soonest.
   */
  static void addReason(Task task, Trigger trigger) {
    CodeableConcept reasons = task.getReasonCode();
    boolean known = reasons.getCoding().stream()
        .anyMatch(c -> VteFhirCodes.REASON.equals(c.getSystem()) && trigger.reason().equals(c.getCode()));
    if (!known) {
      reasons.addCoding(new Coding(VteFhirCodes.REASON, trigger.reason(), trigger.display()));
    }
    boolean recorded = task.getInput().stream().anyMatch(i -> i.getValue() instanceof Reference r
        && trigger.focus().equals(r.getReference()));
    if (!recorded) {
      task.addInput()
          .setType(new CodeableConcept(new Coding(VteFhirCodes.REASON, trigger.reason(), trigger.display())))
          .setValue(new Reference(trigger.focus()));
    }
    Date due = Date.from(trigger.due());
    Date current = task.getRestriction().getPeriod().getEnd();
    if (current == null || due.before(current)) {
      task.getRestriction().getPeriod().setEnd(due);
    }
    java.util.List<String> all = new java.util.ArrayList<>();
    reasons.getCoding().forEach(c -> all.add(c.getDisplay()));
    reasons.setText(String.join("; ", all));
  }
}
