package org.parity.safetyplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/** The patient's consents about their safety plan, read from the record and mapped to {@link ConsentFacts}. */
@Component
public class Consents {

  private final DaoRegistry daos;
  private final Clock clock;

  public Consents(DaoRegistry daos, Clock clock) {
    this.daos = daos;
    this.clock = clock;
  }

  /** The patient's active consents. */
  public List<ConsentFacts> of(String patient) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(Consent.SP_PATIENT, new ReferenceParam(patient));
    map.add(Consent.SP_STATUS, new TokenParam("active"));
    return daos.getResourceDao(Consent.class).search(map, new SystemRequestDetails()).getAllResources().stream()
        .map(r -> facts((Consent) r)).toList();
  }

  /** The people the patient has consented may add to their plan, now. */
  public Set<String> contributors(String patient) {
    Set<String> people = new HashSet<>();
    for (ConsentFacts consent : of(patient)) {
      consent.actors().stream()
          .filter(actor -> consent.covers(patient, actor, SafetyPlanCodes.CONTRIBUTE, clock.instant()))
          .forEach(people::add);
    }
    return people;
  }

  public static ConsentFacts facts(Consent consent) {
    Consent.ProvisionComponent provision = consent.getProvision();
    Set<String> actions = provision.getAction().stream().flatMap(a -> a.getCoding().stream())
        .filter(c -> SafetyPlanCodes.SYSTEM.equals(c.getSystem())).map(c -> c.getCode()).collect(Collectors.toSet());
    Set<String> actors = provision.getActor().stream().map(a -> a.getReference())
        .filter(Reference::hasReference)
        .map(r -> r.getReferenceElement().toUnqualifiedVersionless().getValue()).collect(Collectors.toSet());
    return new ConsentFacts(
        consent.getIdElement().toUnqualifiedVersionless().getValue(),
        consent.hasStatus() ? consent.getStatus().toCode() : "unknown",
        consent.getPatient().getReferenceElement().toUnqualifiedVersionless().getValue(),
        provision.getType() == Consent.ConsentProvisionType.PERMIT,
        provision.getPeriod().hasStart() ? provision.getPeriod().getStart().toInstant() : null,
        provision.getPeriod().hasEnd() ? provision.getPeriod().getEnd().toInstant() : null,
        actions, actors);
  }
}
