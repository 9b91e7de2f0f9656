package org.parity.phr;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Task;
import org.parity.vte.FhirVteMapper;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/** Reads the physical health review needs, as the server (through {@link ServerReads}: ids first, then reads). */
@Component
public class PhrRecord {

  private final ServerReads record;

  public PhrRecord(ServerReads record) {
    this.record = record;
  }

  public ServerReads record() {
    return record;
  }

  /**
   * The antipsychotic the patient is prescribed, if any: an active MedicationRequest or MedicationStatement whose
   * medication is an antipsychotic (ATC N05A except lithium, or by name: the VTE feature's rule and ValueSet
   * antipsychotics).
   */
  public Optional<String> antipsychotic(String patientRef) {
    SearchParameterMap requests = SearchParameterMap.newSynchronous()
        .add(MedicationRequest.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(MedicationRequest.SP_STATUS, new TokenParam("active"));
    for (MedicationRequest m : record.find(MedicationRequest.class, requests)) {
      if (m.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE && m.hasMedicationCodeableConcept()) {
        Optional<String> which = FhirVteMapper.antipsychotic(m.getMedicationCodeableConcept());
        if (which.isPresent()) {
          return Optional.of(name(m.getMedicationCodeableConcept(), which.get()));
        }
      }
    }
    SearchParameterMap statements = SearchParameterMap.newSynchronous()
        .add(MedicationStatement.SP_SUBJECT, new ReferenceParam(patientRef))
        .add(MedicationStatement.SP_STATUS, new TokenParam("active"));
    for (MedicationStatement m : record.find(MedicationStatement.class, statements)) {
      if (m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE && m.hasMedicationCodeableConcept()) {
        Optional<String> which = FhirVteMapper.antipsychotic(m.getMedicationCodeableConcept());
        if (which.isPresent()) {
          return Optional.of(name(m.getMedicationCodeableConcept(), which.get()));
        }
      }
    }
    return Optional.empty();
  }

  private static String name(org.hl7.fhir.r4.model.CodeableConcept medication, String which) {
    String name = medication.hasText() ? medication.getText()
        : medication.getCoding().stream().map(c -> c.getDisplay()).filter(d -> d != null).findFirst().orElse(which);
    return name.equals(which) ? name : name + " (" + which + ")";
  }

  /** The admission's physical health reviews, entered-in-error left out, latest changed first. */
  public List<QuestionnaireResponse> reviews(String encounterRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(QuestionnaireResponse.SP_ENCOUNTER, new ReferenceParam(encounterRef));
    return record.find(QuestionnaireResponse.class, map).stream()
        .filter(FhirPhrMapper::isPhrForm)
        .filter(r -> r.getStatus() != QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR)
        .sorted(Comparator.comparing((QuestionnaireResponse r) -> r.getMeta().getLastUpdated() == null ? 0L
            : r.getMeta().getLastUpdated().getTime()).reversed())
        .toList();
  }

  /** The admission's open community follow-up Task, if any. */
  public Optional<Task> openCommunityTask(String encounterRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, new ReferenceParam(encounterRef))
        .add(Task.SP_CODE, new TokenParam(PhrCodes.DEADLINE, PhrCodes.COMMUNITY_CODE));
    return record.find(Task.class, map).stream()
        .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED || t.getStatus() == Task.TaskStatus.READY
            || t.getStatus() == Task.TaskStatus.INPROGRESS)
        .findFirst();
  }
}
