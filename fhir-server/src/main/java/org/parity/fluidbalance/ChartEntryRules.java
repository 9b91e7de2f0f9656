package org.parity.fluidbalance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.time.Clock;
import java.time.Instant;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Rules for food and fluid chart entries that a profile cannot express: plausible volumes (configurable),
 * no times in the future, the admission must be the patient's current inpatient stay, corrections need
 * a reason, and chart entries are never deleted (they are marked entered-in-error instead).
 */
@Component
public class ChartEntryRules implements StorageInterceptor {

  private final DaoRegistry daos;
  private final FluidBalanceSettings settings;
  private final Clock clock;

  public ChartEntryRules(DaoRegistry daos, FluidBalanceSettings settings, Clock clock) {
    this.daos = daos;
    this.settings = settings;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void beforeCreate(IBaseResource resource) {
    if (resource instanceof Observation observation && FhirFluidMapper.chartCode(observation).isPresent()) {
      Refusal errors = new Refusal();
      checkEntry(observation, errors);
      errors.throwIfAny();
    }
  }

  /** Just before commit, so that inside a transaction the admission it names is already stored. */
  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void beforeCommit(IBaseResource resource) {
    if (resource instanceof Observation observation && FhirFluidMapper.chartCode(observation).isPresent()) {
      Refusal errors = new Refusal();
      checkAdmission(observation, errors);
      checkUniqueKey(observation, errors);
      errors.throwIfAny();
    }
  }

  /** One entry per idempotency key, even from a client that retries without If-None-Exist. */
  private void checkUniqueKey(Observation observation, Refusal errors) {
    for (var identifier : observation.getIdentifier()) {
      if (!identifier.hasSystem() || !identifier.hasValue()) {
        continue;
      }
      var map = ca.uhn.fhir.jpa.searchparam.SearchParameterMap.newSynchronous(Observation.SP_IDENTIFIER,
          new ca.uhn.fhir.rest.param.TokenParam(identifier.getSystem(), identifier.getValue()));
      // Ids only: loading entities inside the write's own session would disturb Hibernate.
      int found = daos.getResourceDao(Observation.class).searchForIds(map, new SystemRequestDetails()).size();
      if (found > 1) {
        errors.rule("Observation.identifier", "An entry with identifier " + identifier.getValue()
            + " is already charted; send retries with If-None-Exist: identifier=" + identifier.getSystem() + "|"
            + identifier.getValue());
      }
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Observation observation && FhirFluidMapper.chartCode(observation).isPresent()) {
      Refusal errors = new Refusal();
      if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
        if (observation.getNote().stream().noneMatch(n -> n.hasText() && !n.getText().isBlank())) {
          errors.rule("Observation.note",
              "Marking a chart entry entered-in-error needs the reason in Observation.note");
        }
      } else {
        checkEntry(observation, errors);
      }
      if (previous instanceof Observation old) {
        // What was charted stays as charted: a correction is a new entry, so history shows both.
        if (!old.getSubject().equalsDeep(observation.getSubject())
            || !old.getEncounter().equalsDeep(observation.getEncounter())) {
          errors.rule("Observation.encounter", "A chart entry cannot move to another patient or admission; "
              + "mark it entered-in-error and chart it where it belongs");
        }
        if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
            && (!equal(old.getValue(), observation.getValue()) || !equal(old.getEffective(), observation.getEffective())
                || !old.getComponent().stream().allMatch(c -> observation.getComponent().stream().anyMatch(c::equalsDeep))
                || old.getComponent().size() != observation.getComponent().size())) {
          errors.rule("Observation.status", "Marking an entry entered-in-error changes only its status and note; "
              + "chart the right values as a new entry");
        }
      }
      if (previous instanceof Observation old && old.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
          && observation.getStatus() != Observation.ObservationStatus.ENTEREDINERROR) {
        errors.rule("Observation.status",
            "An entry marked entered-in-error stays so; chart the right value as a new entry");
      }
      errors.throwIfAny();
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void beforeDelete(IBaseResource resource) {
    if (resource instanceof Observation observation && FhirFluidMapper.chartCode(observation).isPresent()) {
      throw new MethodNotAllowedException("Chart entries are never deleted: correct one by setting its status to "
          + "entered-in-error with the reason in Observation.note, then chart the right entry",
          ca.uhn.fhir.rest.api.RequestTypeEnum.GET, ca.uhn.fhir.rest.api.RequestTypeEnum.PUT);
    }
  }

  private void checkEntry(Observation observation, Refusal errors) {
    if (observation.hasValueQuantity()) {
      checkVolume(observation.getValueQuantity(), "Observation.valueQuantity", errors);
    }
    for (int i = 0; i < observation.getComponent().size(); i++) {
      Observation.ObservationComponentComponent component = observation.getComponent().get(i);
      if (component.hasValueQuantity() && "mL".equals(component.getValueQuantity().getCode())) {
        checkVolume(component.getValueQuantity(), "Observation.component[" + i + "].valueQuantity", errors);
      }
    }
    if (observation.hasEffectiveDateTimeType()) {
      var effective = observation.getEffectiveDateTimeType();
      if (effective.getTimeZone() == null || effective.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.MINUTE.ordinal()) {
        errors.rule("Observation.effectiveDateTime",
            "The time taken must be a date and time with a time zone offset, e.g. 2026-03-29T08:15:00+01:00");
      } else {
        Instant latest = clock.instant().plus(settings.futureTolerance());
        if (effective.getValue().toInstant().isAfter(latest)) {
          errors.rule("Observation.effectiveDateTime", "The time " + effective.getValueAsString()
              + " is in the future; chart what has been taken or passed");
        }
      }
    }
  }

  private static boolean equal(org.hl7.fhir.r4.model.Base a, org.hl7.fhir.r4.model.Base b) {
    return a == null ? b == null : b != null && a.equalsDeep(b);
  }

  private void checkVolume(Quantity quantity, String path, Refusal errors) {
    if (!quantity.hasValue()) {
      return;
    }
    double value = quantity.getValue().doubleValue();
    if (value < 0) {
      errors.rule(path + ".value", "A volume cannot be negative (" + value + " mL)");
    } else if ("mL".equals(quantity.getCode()) && value > settings.maxEntryMl()) {
      errors.rule(path + ".value", String.format("%.0f mL is implausible for one entry (limit %.0f mL, "
          + "parity.fluid-balance.max-entry-ml)", value, settings.maxEntryMl()));
    }
  }

  private void checkAdmission(Observation observation, Refusal errors) {
    if (!observation.hasEncounter() || !observation.getEncounter().hasReference() || !observation.hasSubject()) {
      return; // the profile reports the missing element
    }
    Encounter encounter;
    try {
      encounter = (Encounter) daos.getResourceDao(Encounter.class)
          .read(observation.getEncounter().getReferenceElement().toUnqualifiedVersionless(), new SystemRequestDetails());
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      errors.rule("Observation.encounter", "Encounter " + observation.getEncounter().getReference() + " does not exist");
      return;
    }
    String subject = observation.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    String admitted = encounter.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    boolean inpatient = "IMP".equals(encounter.getClass_().getCode());
    if (!subject.equals(admitted)) {
      errors.rule("Observation.encounter", "Encounter " + observation.getEncounter().getReference()
          + " is not an admission of " + subject);
    } else if (!inpatient || encounter.getStatus() != Encounter.EncounterStatus.INPROGRESS) {
      errors.rule("Observation.encounter", subject + " is not currently an inpatient on this admission ("
          + observation.getEncounter().getReference() + " is " + encounter.getStatus().toCode()
          + (inpatient ? "" : ", not inpatient") + ")");
    }
  }
}
