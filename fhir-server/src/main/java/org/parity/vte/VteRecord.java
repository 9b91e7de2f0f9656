package org.parity.vte;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.ServerReads;
import org.springframework.stereotype.Component;

/**
 * Reads the VTE feature needs, as the server ({@link ServerReads}): the admission's open reassessment Task and the
 * RiskAssessments derived from a response, besides the shared reads.
 */
@Component
public class VteRecord {

  private final ServerReads reads;

  public VteRecord(ServerReads reads) {
    this.reads = reads;
  }

  public <T extends IBaseResource> List<T> find(Class<T> type, SearchParameterMap map) {
    return reads.find(type, map);
  }

  public <T extends IBaseResource> Optional<T> read(Class<T> type, IIdType id) {
    return reads.read(type, id);
  }

  /** The patient's current inpatient admission (in progress), the latest if there were several. */
  public Optional<Encounter> inProgressAdmission(String patientRef) {
    return reads.inProgressAdmission(patientRef);
  }

  public static boolean isInpatient(Encounter encounter) {
    return ServerReads.isInpatient(encounter);
  }

  /** The admission's open reassessment Task, if there is one. */
  public Optional<Task> openReassessment(String encounterRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Task.SP_ENCOUNTER, new ReferenceParam(encounterRef))
        .add(Task.SP_CODE, new TokenParam(VteFhirCodes.VTE, VteFhirCodes.REASSESSMENT_CODE))
        .add(Task.SP_STATUS, new TokenParam("requested"));
    return find(Task.class, map).stream()
        .filter(t -> t.getStatus() == Task.TaskStatus.REQUESTED)
        .min(Comparator.comparing(t -> t.getRestriction().getPeriod().hasEnd()
            ? t.getRestriction().getPeriod().getEnd().getTime() : Long.MAX_VALUE));
  }

  /** RiskAssessments derived from a QuestionnaireResponse ({@code basis}), entered-in-error left out. */
  public List<RiskAssessment> derivedFrom(String responseRef, String patientRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(RiskAssessment.SP_SUBJECT, new ReferenceParam(patientRef));
    return find(RiskAssessment.class, map).stream()
        .filter(r -> r.getStatus() != RiskAssessment.RiskAssessmentStatus.ENTEREDINERROR)
        .filter(r -> r.getBasis().stream().map(Reference::getReferenceElement)
            .anyMatch(id -> responseRef.equals(id.toUnqualifiedVersionless().getValue())))
        .toList();
  }

  static String ref(org.hl7.fhir.r4.model.Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }
}
