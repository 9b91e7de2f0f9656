package org.parity.timers;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.parity.conformance.ParityPackage;
import org.springframework.stereotype.Component;

/**
 * The deadline rules, read at run time from PlanDefinition {@code parity-inpatient-deadlines} as stored in the
 * database (installed from the package at start-up), so a trust changes a deadline in the package, not in code.
 * Kept for a minute: evidence is checked on every Observation write.
 */
@Component
public class DeadlineRules {

  private static final Duration KEEP = Duration.ofMinutes(1);

  private final DaoRegistry daos;
  private final ParityPackage parityPackage;
  private final FhirContext fhir;
  private final Clock clock;
  private volatile List<Rule> rules;
  private volatile Instant readAt = Instant.MIN;

  public DeadlineRules(DaoRegistry daos, ParityPackage parityPackage, FhirContext fhir, Clock clock) {
    this.daos = daos;
    this.parityPackage = parityPackage;
    this.fhir = fhir;
    this.clock = clock;
  }

  public List<Rule> rules() {
    Instant now = clock.instant();
    if (rules == null || now.isAfter(readAt.plus(KEEP)) || now.isBefore(readAt)) {
      rules = fromPlan(plan());
      readAt = now;
    }
    return rules;
  }

  public java.util.Optional<Rule> rule(String code) {
    return rules().stream().filter(r -> r.code().equals(code)).findFirst();
  }

  private PlanDefinition plan() {
    try {
      return daos.getResourceDao(PlanDefinition.class)
          .read(new IdType("PlanDefinition", DeadlineCodes.PLAN_ID), new SystemRequestDetails());
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      // Before the installer has run: the package the server was built with.
      return parityPackage.conformanceResources().stream()
          .filter(json -> json.contains("\"" + DeadlineCodes.PLAN + "\""))
          .map(json -> fhir.newJsonParser().parseResource(PlanDefinition.class, json))
          .findFirst().orElseThrow(() -> new IllegalStateException("No " + DeadlineCodes.PLAN + " in the package"));
    }
  }

  /** Each action of the plan as a rule (edge mapping; the rules themselves are in {@link Deadlines}). */
  static List<Rule> fromPlan(PlanDefinition plan) {
    List<Rule> rules = new ArrayList<>();
    for (PlanDefinitionActionComponent action : plan.getAction()) {
      if (!action.hasId() || !action.hasTimingDuration()) {
        throw new IllegalStateException(DeadlineCodes.PLAN + ": every action needs an id and a timingDuration");
      }
      Duration repeat = action.hasExtension(DeadlineCodes.EXT_REPEAT)
          ? duration((Quantity) action.getExtensionByUrl(DeadlineCodes.EXT_REPEAT).getValue()) : null;
      Extension discharge = action.getExtensionByUrl(DeadlineCodes.EXT_AT_DISCHARGE);
      Stage atDischarge = discharge != null && "overdue".equals(discharge.getValue().primitiveValue())
          ? Stage.OVERDUE : Stage.NOT_APPLICABLE;
      Extension keptBy = action.getExtensionByUrl(DeadlineCodes.EXT_KEPT_BY);
      String kept = keptBy == null ? null
          : ((Coding) keptBy.getValue()).getSystem() + "|" + ((Coding) keptBy.getValue()).getCode();
      DataRequirement input = action.getInputFirstRep();
      Extension evidence = input.getExtensionByUrl(DeadlineCodes.EXT_EVIDENCE);
      String expression = evidence == null ? null : ((Expression) evidence.getValue()).getExpression();
      rules.add(new Rule(action.getId(), action.getTitle(), duration(action.getTimingDuration()), repeat,
          atDischarge, input.getType(), expression, kept));
    }
    return List.copyOf(rules);
  }

  /** A UCUM duration (min, h, d, wk) as elapsed time. */
  static Duration duration(Quantity q) {
    long value = q.getValue().longValueExact();
    return switch (q.getCode()) {
      case "min" -> Duration.ofMinutes(value);
      case "h" -> Duration.ofHours(value);
      case "d" -> Duration.ofDays(value);
      case "wk" -> ChronoUnit.WEEKS.getDuration().multipliedBy(value);
      default -> throw new IllegalStateException(DeadlineCodes.PLAN + ": unknown duration unit " + q.getCode());
    };
  }
}
