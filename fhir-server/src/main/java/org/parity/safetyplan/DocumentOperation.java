package org.parity.safetyplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.parity.conformance.ParityPackage;
import org.parity.fhir.FhirOperation;
import org.parity.fhir.Refusal;
import org.springframework.stereotype.Component;

/**
 * {@code CarePlan/[id]/$document} (GET or POST): the current version of a safety plan as a FHIR document Bundle
 * (Composition first, then the CarePlan, the Patient and every author), fit to send to a GP, a community team or an
 * acute trust. Stores nothing. Access is decided before this runs ({@code security.AccessRules}: whoever may read
 * the plan); the record is then read as the server.
 *
 * <p>Every entry's {@code fullUrl} is a RESTful URL on this server's base, so the relative references inside
 * (HAPI writes references to its own base as relative) resolve to entries of the Bundle by the FHIR rules. The
 * Composition is made for this document and not stored: its URL is {@code [base]/Composition/[uuid]}, which this
 * server does not serve.
 */
@Component
public class DocumentOperation implements FhirOperation {

  static final String P = ParityPackage.CANONICAL_BASE;
  static final String LOINC = "http://loinc.org";

  private final DaoRegistry daos;
  private final Clock clock;

  public DocumentOperation(DaoRegistry daos, Clock clock) {
    this.daos = daos;
    this.clock = clock;
  }

  @Operation(name = "$document", idempotent = true, typeName = "CarePlan")
  public Bundle document(@IdParam IdType id, RequestDetails request) {
    return build(plan(id), request.getFhirServerBase());
  }

  /** The current version of the safety plan; 404 if there is none, 422 if it is not a safety plan or in error. */
  CarePlan plan(IdType id) {
    CarePlan plan = daos.getResourceDao(CarePlan.class).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
    Refusal refusal = new Refusal();
    if (!isSafetyPlan(plan)) {
      refusal.rule("CarePlan.category", "CarePlan/" + id.getIdPart() + " is not a safety plan (no category "
          + SafetyPlanCodes.SYSTEM + "|safety-plan): $document and $share are for safety plans only");
    } else if (plan.getStatus() == CarePlan.CarePlanStatus.ENTEREDINERROR) {
      refusal.rule("CarePlan.status", "CarePlan/" + id.getIdPart() + " was entered in error: it is not a plan and "
          + "is never sent as one");
    }
    refusal.throwIfAny();
    return plan;
  }

  static boolean isSafetyPlan(CarePlan plan) {
    return plan.getCategory().stream().flatMap(c -> c.getCoding().stream())
        .anyMatch(c -> SafetyPlanCodes.SYSTEM.equals(c.getSystem()) && "safety-plan".equals(c.getCode()));
  }

  /** The document of this plan version, with fullUrls on {@code base}. */
  Bundle build(CarePlan plan, String base) {
    String patientRef = plan.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
    Patient patient = (Patient) read(patientRef).orElseThrow(() -> new ResourceNotFoundException(patientRef));

    // Everyone the plan names as having written, agreed or reviewed it, read once each.
    Map<String, Resource> people = new LinkedHashMap<>();
    people.put(patientRef, patient);
    List<PlanDocument.Entry> entries = new ArrayList<>();
    List<String> entryAuthors = new ArrayList<>();
    Map<String, List<String>> sectionAuthors = new LinkedHashMap<>();
    for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
      CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
      if (detail.getStatus() == CarePlan.CarePlanActivityStatus.CANCELLED
          || detail.getStatus() == CarePlan.CarePlanActivityStatus.ENTEREDINERROR) {
        continue;
      }
      String section = detail.getCode().getCoding().stream().filter(c -> SafetyPlanCodes.SYSTEM.equals(c.getSystem()))
          .map(Coding::getCode).findFirst().orElse("");
      Reference author = reference(activity.getExtensionByUrl(SafetyPlanCodes.ENTRY_AUTHOR));
      String authorRef = author == null ? null : author.getReferenceElement().toUnqualifiedVersionless().getValue();
      if (authorRef != null) {
        people.computeIfAbsent(authorRef, ref -> read(ref).orElse(null));
        sectionAuthors.computeIfAbsent(section, s -> new ArrayList<>());
        if (!sectionAuthors.get(section).contains(authorRef)) {
          sectionAuthors.get(section).add(authorRef);
        }
      }
      Extension written = activity.getExtensionByUrl(SafetyPlanCodes.ENTRY_WRITTEN);
      Instant writtenAt = written != null && written.getValue() instanceof DateTimeType t && t.getValue() != null
          ? t.getValue().toInstant() : null;
      entryAuthors.add(authorRef);
      entries.add(new PlanDocument.Entry(section, detail.getDescription(),
          label(author, authorRef == null ? null : people.get(authorRef), patientRef), writtenAt));
    }
    Extension agreement = plan.getExtensionByUrl(SafetyPlanCodes.AGREEMENT);
    Instant agreed = null;
    String recordedBy = null;
    if (agreement != null) {
      Extension date = agreement.getExtensionByUrl("date");
      if (date != null && date.getValue() instanceof DateTimeType t && t.getValue() != null) {
        agreed = t.getValue().toInstant();
      }
      Reference by = reference(agreement.getExtensionByUrl("recordedBy"));
      if (by != null && by.hasReference()) {
        recordedBy = by.getReferenceElement().toUnqualifiedVersionless().getValue();
        people.computeIfAbsent(recordedBy, ref -> read(ref).orElse(null));
      }
    }
    for (Extension reviewed : plan.getExtensionsByUrl(SafetyPlanCodes.REVIEWED)) {
      Reference by = reference(reviewed.getExtensionByUrl("by"));
      if (by != null && by.hasReference()) {
        people.computeIfAbsent(by.getReferenceElement().toUnqualifiedVersionless().getValue(), ref -> read(ref).orElse(null));
      }
    }
    Extension due = plan.getExtensionByUrl(SafetyPlanCodes.REVIEW_DUE);
    LocalDate reviewDue = due != null && due.getValue() instanceof DateType d && d.getValue() != null
        ? LocalDate.parse(d.getValueAsString()) : null;

    String version = plan.getIdElement().hasVersionIdPart() ? plan.getIdElement().getVersionIdPart()
        : plan.getMeta().getVersionId();
    PlanDocument.Plan facts = new PlanDocument.Plan(plan.getStatus() == null ? "unknown" : plan.getStatus().toCode(),
        plan.getStatus() == CarePlan.CarePlanStatus.REVOKED && replaced(plan), version, entries, agreed, reviewDue);

    String documentAuthor = author(plan, recordedBy, entries, entryAuthors, patient, people);
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.DOCUMENT);
    bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID()));
    Instant now = clock.instant();
    bundle.setTimestamp(Date.from(now));

    String planRef = "CarePlan/" + plan.getIdElement().getIdPart();
    Composition composition = composition(plan, facts, patient, patientRef, documentAuthor, sectionAuthors, now);
    String compositionId = UUID.randomUUID().toString();
    composition.setId(compositionId);
    bundle.addEntry().setFullUrl(url(base, "Composition/" + compositionId)).setResource(composition);
    bundle.addEntry().setFullUrl(url(base, planRef)).setResource(plan);
    people.forEach((ref, resource) -> {
      if (resource != null) {
        bundle.addEntry().setFullUrl(url(base, ref)).setResource(resource);
      }
    });
    return bundle;
  }

  private Composition composition(CarePlan plan, PlanDocument.Plan facts, Patient patient, String patientRef,
      String author, Map<String, List<String>> sectionAuthors, Instant now) {
    String planUrl = "CarePlan/" + plan.getIdElement().getIdPart();
    Composition composition = new Composition();
    composition.setStatus(Composition.CompositionStatus.FINAL);
    composition.setType(new CodeableConcept(new Coding(LOINC, "18776-5", "Plan of care note")));
    composition.setSubject(new Reference(patientRef).setDisplay(name(patient)));
    composition.setDateElement(new DateTimeType(Date.from(now)));
    composition.addAuthor(new Reference(author));
    composition.setTitle(PlanDocument.title(facts));
    // A safety plan is sensitive: "restricted" (v3 Confidentiality R).
    composition.setConfidentiality(Composition.DocumentConfidentiality.R);
    composition.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED));
    composition.getText().setDivAsString(PlanDocument.summary(facts, name(patient)));
    if (facts.agreed() != null && plan.getStatus() != CarePlan.CarePlanStatus.DRAFT) {
      // The patient agreed these words at that time: a personal attestation by the patient, nothing more.
      composition.addAttester().setMode(Composition.CompositionAttestationMode.PERSONAL)
          .setTimeElement(new DateTimeType(Date.from(facts.agreed())))
          .setParty(new Reference(patientRef));
    }
    Optional<String> note = PlanDocument.note(facts);
    for (PlanDocument.Section section : PlanDocument.sections(facts)) {
      Composition.SectionComponent s = composition.addSection();
      s.setTitle(section.section().title());
      s.setCode(new CodeableConcept(new Coding(SafetyPlanCodes.SYSTEM, section.section().code(), section.section().title())));
      for (String ref : sectionAuthors.getOrDefault(section.section().code(), List.of())) {
        s.addAuthor(new Reference(ref));
      }
      s.setText(new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED));
      s.getText().setDivAsString(PlanDocument.narrative(section, note));
      s.addEntry(new Reference(planUrl));
    }
    return composition;
  }

  /**
   * Who the document is by: whoever recorded the patient's agreement; else the author of the latest entry; else the
   * plan's own author; else the patient's organisation. 422 when the plan names nobody at all.
   */
  private String author(CarePlan plan, String recordedBy, List<PlanDocument.Entry> entries, List<String> entryAuthors,
      Patient patient, Map<String, Resource> people) {
    if (recordedBy != null && people.get(recordedBy) != null) {
      return recordedBy;
    }
    String latest = null;
    Instant latestAt = null;
    for (int i = 0; i < entries.size(); i++) {
      Instant at = entries.get(i).written();
      if (entryAuthors.get(i) != null
          && (latest == null || at != null && (latestAt == null || at.isAfter(latestAt)))) {
        latest = entryAuthors.get(i);
        latestAt = at;
      }
    }
    if (latest != null && people.get(latest) != null) {
      return latest;
    }
    if (plan.hasAuthor() && plan.getAuthor().hasReference()) {
      String ref = plan.getAuthor().getReferenceElement().toUnqualifiedVersionless().getValue();
      Optional<Resource> found = read(ref);
      if (found.isPresent()) {
        people.put(ref, found.get());
        return ref;
      }
    }
    if (patient.hasManagingOrganization() && patient.getManagingOrganization().hasReference()) {
      String ref = patient.getManagingOrganization().getReferenceElement().toUnqualifiedVersionless().getValue();
      Optional<Resource> found = read(ref);
      if (found.isPresent()) {
        people.put(ref, found.get());
        return ref;
      }
    }
    new Refusal().rule("CarePlan.activity", "CarePlan/" + plan.getIdElement().getIdPart() + " has no entries, no "
        + "agreement and no author: a document needs someone it is by").throwIfAny();
    throw new IllegalStateException("unreachable");
  }

  /** Whether a newer plan names this one in {@code replaces}. */
  private boolean replaced(CarePlan plan) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(CarePlan.SP_REPLACES, new ReferenceParam("CarePlan/" + plan.getIdElement().getIdPart()));
    return !daos.getResourceDao(CarePlan.class).searchForIds(map, new SystemRequestDetails()).isEmpty();
  }

  private Optional<Resource> read(String ref) {
    IdType id = new IdType(ref);
    if (!id.hasResourceType() || !id.hasIdPart() || !daos.isResourceTypeSupported(id.getResourceType())) {
      return Optional.empty();
    }
    try {
      return Optional.of((Resource) daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return Optional.empty();
    }
  }

  private static Reference reference(Extension extension) {
    return extension != null && extension.getValue() instanceof Reference r ? r : null;
  }

  /** Who wrote an entry, as a reader of the document needs it: the name and how they relate to the patient. */
  static String label(Reference author, Resource resource, String patientRef) {
    String display = author != null && author.hasDisplay() ? author.getDisplay() : null;
    if (resource instanceof Patient p) {
      String name = Optional.ofNullable(name(p)).orElse(display);
      return (name == null ? "The patient" : name) + (patientRef.equals(ref(p)) ? " (patient)" : "");
    }
    if (resource instanceof Practitioner p) {
      return Optional.ofNullable(name(p.getNameFirstRep())).orElse(display == null ? "A member of staff" : display)
          + " (staff)";
    }
    if (resource instanceof PractitionerRole) {
      return (display == null ? "A member of staff" : display) + " (staff)";
    }
    if (resource instanceof RelatedPerson r) {
      String relationship = r.getRelationship().stream()
          .map(c -> c.hasText() ? c.getText() : c.getCoding().stream().map(Coding::getDisplay)
              .filter(d -> d != null && !d.isBlank()).findFirst().orElse(null))
          .filter(t -> t != null && !t.isBlank()).findFirst().orElse("family member or friend");
      return Optional.ofNullable(name(r.getNameFirstRep())).orElse(display == null ? "Someone close" : display)
          + " (" + relationship.toLowerCase(java.util.Locale.UK) + ")";
    }
    if (resource instanceof Organization o && o.hasName()) {
      return o.getName();
    }
    return display != null ? display : "Not recorded";
  }

  private static String ref(Resource resource) {
    return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
  }

  static String name(Patient patient) {
    return patient.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL || !n.hasUse())
        .findFirst().or(() -> patient.getName().stream().findFirst()).map(DocumentOperation::name).orElse(null);
  }

  private static String name(HumanName name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    if (name.hasText()) {
      return name.getText();
    }
    String text = (name.getGivenAsSingleString() + " " + (name.hasFamily() ? name.getFamily() : "")).trim();
    return text.isEmpty() ? null : text;
  }

  static String url(String base, String ref) {
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + ref;
  }
}
