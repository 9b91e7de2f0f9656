package org.parity.wardboard;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.parity.fluidbalance.FhirFluidMapper;

/**
 * The edge between FHIR and the board's read model: which Tasks and Flags are on a board (an open Task or an active
 * Flag that names its admission) and what of them the board shows, and the fluid chart entries of admissions.
 */
final class BoardItemMapping {

  /** The Task statuses the board shows: work still to do (draft, on hold and the final statuses are not). */
  static final Set<Task.TaskStatus> OPEN = Set.of(Task.TaskStatus.REQUESTED, Task.TaskStatus.READY,
      Task.TaskStatus.INPROGRESS);

  private BoardItemMapping() {}

  /** The row of this resource, or empty when it is not on any board (closed, or naming no admission). */
  static Optional<BoardItem> of(IBaseResource resource) {
    if (resource instanceof Task task) {
      return of(task);
    }
    if (resource instanceof Flag flag) {
      return of(flag);
    }
    return Optional.empty();
  }

  static Optional<BoardItem> of(Task task) {
    Optional<String> encounter = encounterId(task.getEncounter());
    if (!OPEN.contains(task.getStatus()) || encounter.isEmpty()) {
      return Optional.empty();
    }
    Coding code = task.getCode().getCodingFirstRep();
    Instant due = task.getRestriction().getPeriod().hasEnd()
        ? task.getRestriction().getPeriod().getEnd().toInstant() : null;
    String description = task.hasDescription() ? task.getDescription()
        : task.getCode().hasText() ? task.getCode().getText() : code.getDisplay();
    String input = task.getInput().stream().filter(i -> i.getValue() instanceof Reference)
        .map(i -> ((Reference) i.getValue()).getReferenceElement().toUnqualifiedVersionless())
        .filter(id -> "Observation".equals(id.getResourceType())).map(IIdType::getValue).findFirst().orElse(null);
    return Optional.of(new BoardItem(BoardItem.TASK, task.getIdElement().getIdPart(), encounter.get(),
        task.getStatus().toCode(), code.getSystem(), code.getCode(), code.getDisplay(), description, due, input));
  }

  static Optional<BoardItem> of(Flag flag) {
    Optional<String> encounter = encounterId(flag.getEncounter());
    if (flag.getStatus() != Flag.FlagStatus.ACTIVE || encounter.isEmpty()) {
      return Optional.empty();
    }
    Coding code = flag.getCode().getCodingFirstRep();
    String text = flag.getCode().hasText() ? flag.getCode().getText() : code.getDisplay();
    Instant since = flag.getPeriod().hasStart() ? flag.getPeriod().getStart().toInstant() : null;
    return Optional.of(new BoardItem(BoardItem.FLAG, flag.getIdElement().getIdPart(), encounter.get(),
        flag.getStatus().toCode(), code.getSystem(), code.getCode(), code.getDisplay(), text, since, null));
  }

  /** The fluid this Observation charts for its admission, as the fluid chart reads it (FhirFluidMapper). */
  static Optional<BoardFluid> fluid(Observation observation) {
    Optional<String> encounter = encounterId(observation.getEncounter());
    if (encounter.isEmpty()) {
      return Optional.empty();
    }
    return FhirFluidMapper.entry(observation).map(entry -> new BoardFluid(encounter.get(), entry));
  }

  /** The admission's id when the reference is a local Encounter reference (as stored, never a placeholder). */
  private static Optional<String> encounterId(Reference reference) {
    IIdType id = reference.getReferenceElement();
    if (!id.hasIdPart() || !"Encounter".equals(id.getResourceType()) || id.isAbsolute()) {
      return Optional.empty();
    }
    return Optional.of(id.getIdPart());
  }
}
