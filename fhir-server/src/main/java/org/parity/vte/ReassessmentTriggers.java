package org.parity.vte;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.parity.fhir.BeforeCommit;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Creates or updates the admission's VTE reassessment Task ({@link ReassessmentTasks}) when the clinical situation
 * changes (DH VTE tool: reassess within 24 hours of admission and whenever the clinical situation changes):
 * an inpatient Encounter created in progress (due admission start + 24 h); a restrictive intervention Procedure, a
 * reduced-mobility Observation, an antipsychotic MedicationRequest or MedicationStatement created for a patient with
 * an in-progress admission (due now + {@code parity.vte.reassess-within}). Any route (REST, transaction entries,
 * server writes); the Task is written in the same database transaction just before it commits.
 */
@Component
public class ReassessmentTriggers implements StorageInterceptor {

  static final Duration ADMISSION_WITHIN = Duration.ofHours(24);

  /** A trigger found in a write; the admission is looked up at commit unless the trigger is the admission. */
  record Found(String patientRef, String encounterRef, Encounter admission, String reason, String display,
      String focus, Instant due) {}

  private final ReassessmentTasks tasks;
  private final VteRecord record;
  private final VteSettings settings;
  private final Clock clock;

  public ReassessmentTriggers(ReassessmentTasks tasks, VteRecord record, VteSettings settings, Clock clock) {
    this.tasks = tasks;
    this.record = record;
    this.settings = settings;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    trigger(resource).ifPresent(found -> BeforeCommit.add(ReassessmentTriggers.class.getName(), found, this::write));
  }

  Optional<Found> trigger(IBaseResource resource) {
    Instant soon = clock.instant().plus(settings.reassessWithin());
    if (resource instanceof Encounter e) {
      if (!VteRecord.isInpatient(e) || e.getStatus() != Encounter.EncounterStatus.INPROGRESS || !e.hasSubject()) {
        return Optional.empty();
      }
      Instant start = e.getPeriod().hasStart() ? e.getPeriod().getStart().toInstant() : clock.instant();
      return Optional.of(new Found(patient(e.getSubject()), VteRecord.ref(e), e, "admission", "Admission",
          VteRecord.ref(e), start.plus(ADMISSION_WITHIN)));
    }
    if (resource instanceof Procedure p && restrictive(p.getCode())
        && p.getStatus() != Procedure.ProcedureStatus.ENTEREDINERROR
        && p.getStatus() != Procedure.ProcedureStatus.NOTDONE && p.hasSubject()) {
      return found(p, p.getSubject(), p.getEncounter(), "restraint", "Restrictive intervention",
          soon);
    }
    if (resource instanceof Observation o && reducedMobility(o.getCode())
        && o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
        && o.getStatus() != Observation.ObservationStatus.CANCELLED && o.hasSubject()
        && !(o.hasValueBooleanType() && Boolean.FALSE.equals(o.getValueBooleanType().getValue()))) {
      return found(o, o.getSubject(), o.getEncounter(), "reduced-mobility", "Reduced mobility", soon);
    }
    if (resource instanceof MedicationRequest m && m.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE
        && m.hasMedicationCodeableConcept() && antipsychotic(m.getMedicationCodeableConcept()) && m.hasSubject()) {
      return found(m, m.getSubject(), m.getEncounter(), "antipsychotic", "Antipsychotic", soon);
    }
    if (resource instanceof MedicationStatement m
        && m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE
        && m.hasMedicationCodeableConcept() && antipsychotic(m.getMedicationCodeableConcept()) && m.hasSubject()) {
      return found(m, m.getSubject(), m.getContext(), "antipsychotic", "Antipsychotic", soon);
    }
    return Optional.empty();
  }

  private static Optional<Found> found(Resource resource, Reference subject, Reference encounter, String reason,
      String display, Instant due) {
    String patient = patient(subject);
    if (!patient.startsWith("Patient/")) {
      return Optional.empty();
    }
    String encounterRef = encounter != null && encounter.hasReference()
        ? encounter.getReferenceElement().toUnqualifiedVersionless().getValue() : null;
    return Optional.of(new Found(patient, encounterRef, null, reason, display, VteRecord.ref(resource), due));
  }

  private static String patient(Reference subject) {
    return subject.getReferenceElement().toUnqualifiedVersionless().getValue();
  }

  static boolean restrictive(CodeableConcept code) {
    return code.getCoding().stream().anyMatch(c -> VteFhirCodes.RESTRICTIVE_INTERVENTION.equals(c.getSystem())
        && List.of("physical-restraint", "seclusion", "rapid-tranquillisation").contains(c.getCode()));
  }

  static boolean reducedMobility(CodeableConcept code) {
    return code.getCoding().stream().anyMatch(c -> VteFhirCodes.VTE.equals(c.getSystem())
        && VteFhirCodes.REDUCED_MOBILITY_CODE.equals(c.getCode()));
  }

  static boolean antipsychotic(CodeableConcept medication) {
    return FhirVteMapper.antipsychotic(medication).isPresent();
  }

  /** At commit: triggers grouped by admission, one Task write per admission. */
  private void write(List<Found> found) {
    Map<String, Encounter> admissions = new LinkedHashMap<>();
    Map<String, List<ReassessmentTasks.Trigger>> byAdmission = new LinkedHashMap<>();
    for (Found f : found) {
      Optional<Encounter> admission = f.admission() != null ? Optional.of(f.admission()) : admissionOf(f);
      if (admission.isEmpty()) {
        continue; // not an inpatient now: nothing to reassess on this ward
      }
      String key = VteRecord.ref(admission.get());
      admissions.putIfAbsent(key, admission.get());
      byAdmission.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new ReassessmentTasks.Trigger(f.reason(), f.display(), f.focus(), f.due()));
    }
    byAdmission.forEach((key, triggers) -> tasks.due(admissions.get(key), triggers));
  }

  /** The admission the trigger belongs to: the one it names if in progress, else the patient's current one. */
  private Optional<Encounter> admissionOf(Found f) {
    if (f.encounterRef() != null) {
      Optional<Encounter> named = record.read(Encounter.class, new IdType(f.encounterRef()));
      if (named.isPresent() && VteRecord.isInpatient(named.get())
          && named.get().getStatus() == Encounter.EncounterStatus.INPROGRESS) {
        return named;
      }
    }
    return record.inProgressAdmission(f.patientRef());
  }
}
