package org.parity.audit;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.parity.security.Caller;

/** Maps one write to its Provenance. Pure: no Spring, no database. */
public final class Provenances {

  public static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
  public static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

  /** v3-DataOperation codes for what a write did. */
  public enum Activity { CREATE, UPDATE, DELETE }

  private Provenances() {}

  /**
   * @param targets versioned references of the written resources
   * @param activities what was done to each target (same order)
   * @param breakGlass whether any written resource belongs to a patient reached under break-glass
   */
  public static Provenance toProvenance(List<String> targets, List<Activity> activities, Caller caller,
      boolean breakGlass, Instant recorded) {
    Provenance provenance = new Provenance();
    targets.forEach(target -> provenance.addTarget(new Reference(target)));
    provenance.setRecorded(Date.from(recorded));
    Set<Activity> distinct = new LinkedHashSet<>(activities);
    CodeableConcept activity = new CodeableConcept();
    distinct.forEach(a -> activity.addCoding(new Coding(DATA_OPERATION, a.name(), display(a))));
    if (distinct.size() > 1) {
      // One Provenance per transaction: a mixed transaction lists each operation it performed.
      activity.setText("transaction: " + String.join(", ", distinct.stream().map(Activity::name).toList()));
    }
    provenance.setActivity(activity);

    Provenance.ProvenanceAgentComponent author = provenance.addAgent();
    author.getType().addCoding(new Coding(PARTICIPANT_TYPE, "author", "Author"));
    if (caller.fhirUser().isPresent()) {
      author.getWho().setReference(caller.fhirUser().get());
    } else {
      author.getWho().setIdentifier(new Identifier().setSystem(AuditEvents.USERNAME_SYSTEM).setValue(caller.username()));
    }
    author.getWho().setDisplay(caller.username());
    caller.roles().forEach(role ->
        author.addRole(new CodeableConcept(new Coding(AuditEvents.ROLE_SYSTEM, role.code(), null))));

    Provenance.ProvenanceAgentComponent client = provenance.addAgent();
    client.getType().addCoding(new Coding(AuditEvents.DICOM, "110150", "Application"));
    client.getWho().setIdentifier(new Identifier().setSystem(AuditEvents.CLIENT_SYSTEM).setValue(caller.clientId()))
        .setDisplay(caller.clientId());

    if (breakGlass) {
      provenance.addReason(new CodeableConcept(new Coding(AuditEvents.ACT_REASON, "BTG", "break the glass")));
    }
    return provenance;
  }

  private static String display(Activity activity) {
    return switch (activity) {
      case CREATE -> "create";
      case UPDATE -> "revise";
      case DELETE -> "delete";
    };
  }
}
