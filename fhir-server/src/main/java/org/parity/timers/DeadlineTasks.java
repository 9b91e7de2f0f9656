package org.parity.timers;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/**
 * Deadline Tasks and their overdue Flags, read and written as the server in the caller's database transaction.
 * The deadline's state lives only here, in the Task (status, businessStatus, restriction.period.end).
 */
@Component
public class DeadlineTasks {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm");

  private final DaoRegistry daos;
  private final ServerReads reads;
  private final Clock clock;

  public DeadlineTasks(DaoRegistry daos, ServerReads reads, Clock clock) {
    this.reads = reads;
    this.daos = daos;
    this.clock = clock;
  }

  /** Creates the admission's deadline Tasks for the rules kept here, unless the admission already has them. */
  public void open(Encounter admission, List<Rule> rules) {
    String encounterRef = ref(admission);
    Instant start = admission.getPeriod().hasStart() ? admission.getPeriod().getStart().toInstant() : clock.instant();
    List<Task> existing = find(Task.class, SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, new ReferenceParam(encounterRef)));
    for (Rule rule : rules) {
      boolean has = existing.stream().anyMatch(t -> isRule(t, rule.code()));
      if (rule.createdHere() && !has) {
        create(admission.getSubject().getReference(), encounterRef, rule, Deadlines.due(start, rule));
      }
    }
  }

  /** A new open deadline Task for a rule, due at {@code due}. */
  public Task create(String patientRef, String encounterRef, Rule rule, Instant due) {
    Task task = new Task();
    task.getMeta().addProfile(DeadlineCodes.PROFILE_TASK);
    task.setInstantiatesUri(DeadlineCodes.PLAN + "#" + rule.code());
    task.setStatus(Task.TaskStatus.REQUESTED);
    stage(task, Stage.DUE);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding(DeadlineCodes.DEADLINE, rule.code(), rule.title())));
    task.setDescription(rule.title() + ": due " + SHOWN.format(due.atZone(LONDON)) + " (UK time)");
    task.setFor(new Reference(patientRef));
    task.setEncounter(new Reference(encounterRef));
    task.setAuthoredOn(Date.from(clock.instant()));
    task.setLastModified(Date.from(clock.instant()));
    task.getRestriction().getPeriod().setEnd(Date.from(due));
    task.setId(daos.getResourceDao(Task.class).create(task, new SystemRequestDetails()).getId()
        .toUnqualifiedVersionless());
    return task;
  }

  /** Open Tasks of a rule for an admission. */
  public List<Task> openTasks(String encounterRef, String ruleCode) {
    return find(Task.class, SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, new ReferenceParam(encounterRef))
        .add(Task.SP_CODE, new TokenParam(DeadlineCodes.DEADLINE, ruleCode))
        .add(Task.SP_STATUS, new TokenParam("requested"))).stream()
        .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
        .toList();
  }

  /** All open Tasks of an admission: its deadline Tasks and the Tasks other features keep deadlines with. */
  public List<Task> openTasks(String encounterRef) {
    return find(Task.class, SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, new ReferenceParam(encounterRef))
        .add(Task.SP_STATUS, new TokenParam("requested"))).stream()
        .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
        .toList();
  }

  /** Completes an open deadline with its evidence. */
  public void complete(Task task, String evidenceRef, Rule rule) {
    task.setStatus(Task.TaskStatus.COMPLETED);
    stage(task, Stage.COMPLETED);
    task.setLastModified(Date.from(clock.instant()));
    task.addOutput()
        .setType(new CodeableConcept(new Coding(DeadlineCodes.DEADLINE, rule.code(), rule.title())))
        .setValue(new Reference(evidenceRef));
    // Its overdue Flag closes in DeadlineTriggers, which sees every Task leave "requested".
    daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
  }

  /**
   * Moves an open Task to {@code next} by an update of the version it was read at (a concurrent change makes it
   * fail: the caller ignores the conflict). Overdue raises the Flag in the same transaction; at discharge a closed
   * stage cancels the Task with the reason.
   */
  public void moveTo(Task task, Stage next, Instant due, String reason) {
    stage(task, next);
    task.getRestriction().getPeriod().setEnd(Date.from(due));
    task.setLastModified(Date.from(clock.instant()));
    if (next == Stage.NOT_APPLICABLE) {
      task.setStatus(Task.TaskStatus.CANCELLED);
      task.setStatusReason(new CodeableConcept().setText(reason));
    }
    // The id carries the version read: HAPI refuses the update if another instance changed the Task since.
    daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
    String taskRef = ref(task);
    if (next == Stage.OVERDUE && openFlags(taskRef, task.getFor().getReference()).isEmpty()) {
      raiseFlag(task, taskRef);
    }
  }

  private void raiseFlag(Task task, String taskRef) {
    Flag flag = new Flag();
    flag.setStatus(Flag.FlagStatus.ACTIVE);
    flag.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/flag-category",
        "clinical", "Clinical")));
    String what = task.getCode().getCodingFirstRep().getDisplay();
    flag.setCode(new CodeableConcept(new Coding(DeadlineCodes.DEADLINE, DeadlineCodes.OVERDUE_FLAG, "Deadline overdue"))
        .setText("Overdue: " + (what != null ? what : task.getCode().getText()) + " (" + taskRef + ")"));
    flag.setSubject(task.getFor().copy());
    flag.setEncounter(task.getEncounter().copy());
    flag.getPeriod().setStart(Date.from(clock.instant()));
    flag.addExtension(DeadlineCodes.EXT_FLAG_DETAIL, new Reference(taskRef));
    daos.getResourceDao(Flag.class).create(flag, new SystemRequestDetails());
  }

  /** Active overdue Flags of a Task. */
  public List<Flag> openFlags(String taskRef, String patientRef) {
    return find(Flag.class, SearchParameterMap.newSynchronous()
        .add(Flag.SP_PATIENT, new ReferenceParam(patientRef))
        .add("code", new TokenParam(DeadlineCodes.DEADLINE, DeadlineCodes.OVERDUE_FLAG))
        .add("status", new TokenParam("active"))).stream()
        .filter(f -> f.getStatus() == Flag.FlagStatus.ACTIVE && names(f, taskRef))
        .toList();
  }

  /** Makes the Task's overdue Flags inactive, ended now. */
  public void closeFlags(String taskRef, String patientRef) {
    for (Flag flag : openFlags(taskRef, patientRef)) {
      flag.setStatus(Flag.FlagStatus.INACTIVE);
      flag.getPeriod().setEnd(Date.from(clock.instant()));
      daos.getResourceDao(Flag.class).update(flag, new SystemRequestDetails());
    }
  }

  static boolean names(Flag flag, String taskRef) {
    boolean overdue = flag.getCode().getCoding().stream()
        .anyMatch(c -> DeadlineCodes.DEADLINE.equals(c.getSystem()) && DeadlineCodes.OVERDUE_FLAG.equals(c.getCode()));
    return overdue && flag.getExtensionsByUrl(DeadlineCodes.EXT_FLAG_DETAIL).stream()
        .anyMatch(e -> e.getValue() instanceof Reference r && taskRef.equals(r.getReference()));
  }

  /** The Task's current stage: its deadline-status coding, else its text (the VTE Task says "due"), else due. */
  public static Stage stageOf(Task task) {
    Optional<Stage> coded = task.getBusinessStatus().getCoding().stream()
        .filter(c -> DeadlineCodes.STATUS.equals(c.getSystem())).map(c -> Stage.of(c.getCode()))
        .flatMap(Optional::stream).findFirst();
    return coded.or(() -> Stage.of(String.valueOf(task.getBusinessStatus().getText()).toLowerCase()))
        .orElse(task.getStatus() == Task.TaskStatus.COMPLETED ? Stage.COMPLETED : Stage.DUE);
  }

  static void stage(Task task, Stage stage) {
    task.setBusinessStatus(new CodeableConcept(new Coding(DeadlineCodes.STATUS, stage.code(), stage.display()))
        .setText(stage.display()));
  }

  /** The rule of a deadline Task, or null for another Task. */
  public static String ruleOf(Task task) {
    return task.getCode().getCoding().stream().filter(c -> DeadlineCodes.DEADLINE.equals(c.getSystem()))
        .map(Coding::getCode).findFirst().orElse(null);
  }

  static boolean isRule(Task task, String code) {
    return code.equals(ruleOf(task));
  }

  /** Reads as the server ({@link ServerReads}: safe inside a write's transaction). */
  public <T extends IBaseResource> List<T> find(Class<T> type, SearchParameterMap map) {
    return reads.find(type, map);
  }

  static String ref(org.hl7.fhir.r4.model.Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }
}
