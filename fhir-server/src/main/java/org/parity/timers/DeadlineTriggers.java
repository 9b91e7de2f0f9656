package org.parity.timers;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Opens an admission's deadline Tasks when an inpatient Encounter is created in progress or moves to in progress;
 * completes a deadline when its evidence is recorded (the rule's FHIRPath is true of a resource of the admission),
 * opening the next for a repeating rule; at discharge, moves the admission's open deadlines on (overdue or not
 * applicable). Any route (REST, transaction entries, server writes); the work is done in the same database
 * transaction just before it commits.
 */
@Component
public class DeadlineTriggers implements StorageInterceptor {

  /** Work found in a write, done at commit. */
  sealed interface Work permits Admitted, Evidence, Discharged {}

  record Admitted(Encounter admission) implements Work {}

  record Evidence(Resource resource, Rule rule) implements Work {}

  record Discharged(Encounter admission) implements Work {}

  private final DeadlineRules rules;
  private final DeadlineTasks tasks;
  private final FhirContext fhir;
  private final Clock clock;

  public DeadlineTriggers(DeadlineRules rules, DeadlineTasks tasks, FhirContext fhir, Clock clock) {
    this.rules = rules;
    this.tasks = tasks;
    this.fhir = fhir;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (resource instanceof Encounter e && inpatient(e) && e.getStatus() == Encounter.EncounterStatus.INPROGRESS
        && e.hasSubject()) {
      later(new Admitted(e));
    }
    evidence(resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Encounter e && inpatient(e) && e.hasSubject()) {
      Encounter.EncounterStatus before = ((Encounter) previous).getStatus();
      if (e.getStatus() == Encounter.EncounterStatus.INPROGRESS && before != Encounter.EncounterStatus.INPROGRESS) {
        later(new Admitted(e));
      }
      if (e.getStatus() == Encounter.EncounterStatus.FINISHED && before != Encounter.EncounterStatus.FINISHED) {
        later(new Discharged(e));
      }
    }
    if (resource instanceof Task t && t.getStatus() != Task.TaskStatus.REQUESTED
        && ((Task) previous).getStatus() == Task.TaskStatus.REQUESTED) {
      // Completed or cancelled, here or by another feature (NEWS2, VTE): its overdue Flag closes with it. At once,
      // not at commit: another feature may complete its Task in its own before-commit work, when it is too late to
      // add more.
      if (t.hasFor()) {
        tasks.closeFlags("Task/" + t.getIdElement().getIdPart(), t.getFor().getReference());
      }
    }
    evidence(resource);
  }

  private void evidence(IBaseResource resource) {
    if (!(resource instanceof Resource r) || resource instanceof Task || resource instanceof Encounter) {
      return;
    }
    for (Rule rule : rules.rules()) {
      if (rule.evidence() != null && r.fhirType().equals(rule.evidenceType()) && matches(r, rule.evidence())) {
        later(new Evidence(r, rule));
      }
    }
  }

  boolean matches(Resource resource, String expression) {
    List<BooleanType> result = fhir.newFhirPath().evaluate(resource, expression, BooleanType.class);
    return result.size() == 1 && Boolean.TRUE.equals(result.get(0).getValue());
  }

  private void later(Work work) {
    BeforeCommit.add(DeadlineTriggers.class.getName(), work, this::write);
  }

  /** At commit, in the order found: an admission and its first evidence in one transaction work. */
  private void write(List<Work> found) {
    for (Work work : found) {
      if (work instanceof Admitted a) {
        tasks.open(a.admission(), rules.rules());
      } else if (work instanceof Evidence e) {
        complete(e);
      } else if (work instanceof Discharged d) {
        discharge(d.admission());
      }
    }
  }

  private void complete(Evidence e) {
    String patient = reference(e.resource(), "subject");
    if (patient == null || !patient.startsWith("Patient/")) {
      return;
    }
    Optional<String> admission = admissionOf(patient, reference(e.resource(), "encounter"));
    if (admission.isEmpty()) {
      return;
    }
    String evidenceRef = DeadlineTasks.ref(e.resource());
    List<Task> open = tasks.openTasks(admission.get(), e.rule().code());
    for (Task task : open) {
      tasks.complete(task, evidenceRef, e.rule());
    }
    Instant next = Deadlines.nextDue(evidenceTime(e.resource()), e.rule());
    if (next != null) {
      tasks.create(patient, admission.get(), e.rule(), next);
    }
  }

  private void discharge(Encounter admission) {
    String encounterRef = DeadlineTasks.ref(admission);
    Instant at = admission.getPeriod().hasEnd() ? admission.getPeriod().getEnd().toInstant() : clock.instant();
    for (Task task : tasks.openTasks(encounterRef)) {
      Optional<Rule> rule = ruleOf(task);
      if (rule.isEmpty()) {
        continue; // not a deadline (e.g. a safety plan review, the community team's review)
      }
      Instant due = task.getRestriction().getPeriod().hasEnd()
          ? task.getRestriction().getPeriod().getEnd().toInstant() : at;
      Deadlines.Discharged next = Deadlines.atDischarge(rule.get(), due, at);
      tasks.moveTo(task, next.stage(), next.due(), next.reason());
    }
  }

  /** The rule a Task keeps: a deadline Task's code, or the rule another feature's Task keeps (keptBy). */
  Optional<Rule> ruleOf(Task task) {
    String code = DeadlineTasks.ruleOf(task);
    if (code != null) {
      return rules.rule(code);
    }
    return rules.rules().stream().filter(r -> r.keptBy() != null && task.getCode().getCoding().stream()
        .anyMatch(c -> r.keptBy().equals(c.getSystem() + "|" + c.getCode()))).findFirst();
  }

  /** The admission a resource belongs to: the one it names if in progress, else the patient's current one. */
  private Optional<String> admissionOf(String patient, String encounterRef) {
    if (encounterRef != null && encounterRef.startsWith("Encounter/")) {
      Optional<Encounter> named = tasks.find(Encounter.class, SearchParameterMap.newSynchronous()
          .add("_id", new TokenParam(new IdType(encounterRef).getIdPart()))).stream().findFirst();
      if (named.isPresent() && inpatient(named.get())
          && named.get().getStatus() == Encounter.EncounterStatus.INPROGRESS) {
        return Optional.of(encounterRef);
      }
    }
    return tasks.find(Encounter.class, SearchParameterMap.newSynchronous()
            .add(Encounter.SP_SUBJECT, new ReferenceParam(patient))
            .add(Encounter.SP_STATUS, new TokenParam("in-progress"))).stream()
        .filter(DeadlineTriggers::inpatient)
        .filter(e -> e.getStatus() == Encounter.EncounterStatus.INPROGRESS)
        .max(Comparator.comparing(e -> e.getPeriod().hasStart() ? e.getPeriod().getStart().getTime() : 0L))
        .map(DeadlineTasks::ref);
  }

  private String reference(Resource resource, String element) {
    var values = fhir.newTerser().getValues(resource, element, Reference.class);
    return values.isEmpty() || !values.get(0).hasReference() ? null
        : values.get(0).getReferenceElement().toUnqualifiedVersionless().getValue();
  }

  /** When the evidence was taken: an Observation's effective time, a response's authored time, else now. */
  private Instant evidenceTime(Resource resource) {
    if (resource instanceof Observation o && o.hasEffectiveDateTimeType()) {
      return o.getEffectiveDateTimeType().getValue().toInstant();
    }
    if (resource instanceof Observation o && o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
      return o.getEffectivePeriod().getStart().toInstant();
    }
    if (resource instanceof QuestionnaireResponse q && q.hasAuthored()) {
      return q.getAuthored().toInstant();
    }
    return clock.instant();
  }

  static boolean inpatient(Encounter encounter) {
    return DeadlineCodes.IMP_SYSTEM.equals(encounter.getClass_().getSystem())
        && "IMP".equals(encounter.getClass_().getCode());
  }
}
