package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;

/** {@code CarePlan/[id]/$document} over real HTTP, read back as an external client would, and validated. */
class DocumentOperationTest extends SharingServerTest {

  static final List<String> ORDER = List.of("warning-signs", "coping-on-my-own", "people-places-distraction",
      "people-to-ask", "professionals-services", "safer-environment", "what-matters", "reasons-for-living");

  /** The document of a plan, parsed by a FhirContext of its own (not the server's). */
  Bundle document(String plan) {
    Http.Response response = Http.get(fhirBase() + "/" + plan + "/$document");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return FhirContext.forR4().newJsonParser().parseResource(Bundle.class, response.body());
  }

  @Test
  void aDraftPlanIsAValidDocumentWithTheWordsAndWhoWroteThem() {
    World world = world();
    Bundle bundle = document(world.plan());

    // Document rules (FHIR R4 documents.html, Bundle bdl-9, bdl-10, bdl-11, bdl-7).
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
    assertThat(bundle.getIdentifier().getSystem()).isEqualTo("urn:ietf:rfc:3986");
    assertThat(bundle.getIdentifier().getValue()).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat(bundle.getTimestamp()).isNotNull();
    assertThat(bundle.getEntryFirstRep().getResource()).isInstanceOf(Composition.class);
    Set<String> fullUrls = new HashSet<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      assertThat(URI.create(entry.getFullUrl()).isAbsolute()).as(entry.getFullUrl()).isTrue();
      assertThat(fullUrls.add(entry.getFullUrl())).as("unique " + entry.getFullUrl()).isTrue();
      assertThat(entry.getFullUrl()).isEqualTo(fhirBase() + "/" + entry.getResource().fhirType() + "/"
          + entry.getResource().getIdElement().getIdPart());
    }
    assertThat(fullUrls).contains(fhirBase() + "/" + world.plan(), fhirBase() + "/" + world.patient(),
        fhirBase() + "/" + world.nurse(), fhirBase() + "/" + world.sister());

    Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
    assertThat(composition.getStatus()).isEqualTo(Composition.CompositionStatus.FINAL);
    assertThat(composition.getType().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
    assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("18776-5");
    assertThat(composition.getTitle()).isEqualTo("Safety plan (Draft — not yet agreed)");
    assertThat(composition.getDate()).isNotNull();
    assertThat(composition.getAttester()).as("a draft is not agreed: nobody attests it").isEmpty();
    // No agreement: the author of the latest entry (the last one written).
    assertThat(composition.getAuthorFirstRep().getReference()).isEqualTo(world.patient());

    String compositionUrl = bundle.getEntryFirstRep().getFullUrl();
    for (Reference reference : references(composition)) {
      assertThat(fullUrls).as("resolves inside the Bundle: " + reference.getReference())
          .contains(resolve(compositionUrl, reference));
    }

    List<String> codes = composition.getSection().stream().map(s -> s.getCode().getCodingFirstRep().getCode()).toList();
    assertThat(codes).containsExactly("warning-signs", "coping-on-my-own", "people-to-ask", "professionals-services");
    assertThat(codes).isSortedAccordingTo((a, b) -> ORDER.indexOf(a) - ORDER.indexOf(b));
    Composition.SectionComponent warning = composition.getSection().get(0);
    assertThat(warning.getTitle()).isEqualTo("My warning signs");
    assertThat(warning.getEntryFirstRep().getReference()).isEqualTo(world.plan());
    String warningText = warning.getText().getDivAsString();
    assertThat(warningText).contains("Draft — not yet agreed", "When I stop answering my phone and stay in bed",
        "I stop eating", "Written by Fatima Nwosu (patient)");
    assertThat(warningText.indexOf("When I stop answering")).isLessThan(warningText.indexOf("I stop eating"));
    assertThat(composition.getSection().get(1).getText().getDivAsString())
        .contains("A walk by the canal with my headphones &lt;loud&gt;");
    assertThat(composition.getSection().get(2).getTitle()).isEqualTo("People I can ask for help");
    assertThat(composition.getSection().get(2).getText().getDivAsString())
        .contains("she will come round &amp; sit with me", "Written by Amara Nwosu (sister)");
    assertThat(composition.getSection().get(3).getTitle())
        .isEqualTo("Professionals and services I can contact, including 24-hour crisis lines");
    assertThat(composition.getSection().get(3).getText().getDivAsString()).contains("Written by Jo Bright (staff)");

    assertThat(bundle.getEntry().stream().map(e -> e.getResource().fhirType()).toList())
        .containsExactlyInAnyOrder("Composition", "CarePlan", "Patient", "Practitioner", "RelatedPerson");
    assertThat(bundle.getEntry().get(1).getResource()).isInstanceOf(CarePlan.class);
    assertThat(bundle.getEntry().stream().filter(e -> e.getResource() instanceof RelatedPerson).count()).isEqualTo(1);
    assertThat(bundle.getEntry().stream().filter(e -> e.getResource() instanceof Patient).count()).isEqualTo(1);

    String text = FhirContext.forR4().newJsonParser().encodeResourceToString(composition).toLowerCase(Locale.ROOT);
    assertThat(text).doesNotContain("risk", "score");

    assertThat(errors(bundle)).as("HAPI validator on the document").isEmpty();
  }

  @Test
  void anAgreedPlanIsAttestedByThePatientAndAuthoredByWhoeverRecordedTheAgreement() {
    World world = world();
    CarePlan agreed = SharingFixtures.plan(world.patient(), world.encounter(), "active", world.nurse(), profileKnown(),
        new SharingFixtures.Words("warning-signs", "I go quiet", world.patient(), "Fatima Nwosu"),
        new SharingFixtures.Words("professionals-services", "Ward phone", world.patient(), "Fatima Nwosu"));
    String plan = create(agreed);

    // GET and POST answer the same.
    Http.Response posted = Http.postJson(fhirBase() + "/" + plan + "/$document", "{\"resourceType\":\"Parameters\"}");
    assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    Bundle bundle = document(plan);
    Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
    assertThat(composition.getTitle()).isEqualTo("Safety plan");
    assertThat(composition.getAuthorFirstRep().getReference()).isEqualTo(world.nurse());
    assertThat(composition.getAttester()).hasSize(1);
    Composition.CompositionAttesterComponent attester = composition.getAttesterFirstRep();
    assertThat(attester.getMode()).isEqualTo(Composition.CompositionAttestationMode.PERSONAL);
    assertThat(attester.getParty().getReference()).isEqualTo(world.patient());
    assertThat(attester.getTime()).isEqualTo(((org.hl7.fhir.r4.model.DateTimeType) agreed
        .getExtensionByUrl(SharingFixtures.P + "/StructureDefinition/safety-plan-agreement")
        .getExtensionByUrl("date").getValue()).getValue());
    assertThat(composition.getSection()).allSatisfy(s -> assertThat(s.getText().getDivAsString())
        .doesNotContain("Draft"));
    assertThat(composition.getText().getDivAsString()).contains("Agreed on", "To be reviewed by");
    Set<String> fullUrls = new HashSet<>();
    bundle.getEntry().forEach(e -> fullUrls.add(e.getFullUrl()));
    references(composition).forEach(r -> assertThat(fullUrls)
        .contains(resolve(bundle.getEntryFirstRep().getFullUrl(), r)));
    assertThat(errors(bundle)).isEmpty();
  }

  @Test
  void onlySafetyPlansAndNeverOneEnteredInError() {
    World world = world();
    CarePlan other = new CarePlan();
    other.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    other.setIntent(CarePlan.CarePlanIntent.PLAN);
    other.setSubject(new Reference(world.patient()));
    String notSafety = create(other);
    Http.Response refused = Http.get(fhirBase() + "/" + notSafety + "/$document");
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.issues()).contains("CarePlan.category");

    Http.Response missing = Http.get(fhirBase() + "/CarePlan/no-such-plan/$document");
    assertThat(missing.status()).as(missing.body()).isEqualTo(404);

    CarePlan plan = fhirContext.newJsonParser().parseResource(CarePlan.class, Http.get(fhirBase() + "/" + world.plan()).body());
    plan.setStatus(CarePlan.CarePlanStatus.ENTEREDINERROR);
    Http.Response marked = Http.send(java.net.http.HttpRequest.newBuilder(URI.create(fhirBase() + "/" + world.plan()))
        .header("Content-Type", "application/fhir+json").header("If-Match", "W/\"" + plan.getMeta().getVersionId() + "\"")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json(plan))));
    assertThat(marked.status()).as(marked.body()).isEqualTo(200);
    Http.Response inError = Http.get(fhirBase() + "/" + world.plan() + "/$document");
    assertThat(inError.status()).as(inError.body()).isEqualTo(422);
    assertThat(inError.issues()).contains("CarePlan.status");
  }

  @Test
  void theCapabilityStatementNamesParitysOperationDefinitions() {
    JsonNode metadata = Http.get(fhirBase() + "/metadata").json();
    List<String> definitions = new ArrayList<>();
    for (JsonNode resource : metadata.path("rest").get(0).path("resource")) {
      if (resource.path("type").asText().equals("CarePlan")) {
        resource.path("operation").forEach(o -> definitions.add(o.path("name").asText() + " "
            + o.path("definition").asText()));
      }
    }
    assertThat(definitions).contains("document https://parity-epr.org/fhir/OperationDefinition/CarePlan-document",
        "share https://parity-epr.org/fhir/OperationDefinition/CarePlan-share");
    // By url: HAPI's own capability provider answers reads of OperationDefinition/[id].
    for (String code : List.of("document", "share")) {
      JsonNode found = read("OperationDefinition?url=https://parity-epr.org/fhir/OperationDefinition/CarePlan-" + code);
      assertThat(found.path("entry").get(0).path("resource").path("code").asText()).isEqualTo(code);
    }
  }

  /**
   * A reference as the FHIR rules resolve it inside a Bundle (bundle.html#references): absolute as it is; relative
   * {@code Type/id} against the base of the referring entry's RESTful fullUrl.
   */
  static String resolve(String fullUrl, Reference reference) {
    String ref = reference.getReference();
    if (URI.create(ref).isAbsolute()) {
      return ref;
    }
    String[] parts = fullUrl.split("/");
    String base = fullUrl.substring(0, fullUrl.length() - parts[parts.length - 1].length() - parts[parts.length - 2].length() - 2);
    return base + "/" + ref;
  }

  /** Every reference the Composition makes. */
  static List<Reference> references(Composition composition) {
    List<Reference> references = new ArrayList<>();
    references.add(composition.getSubject());
    references.addAll(composition.getAuthor());
    composition.getAttester().forEach(a -> references.add(a.getParty()));
    for (Composition.SectionComponent section : composition.getSection()) {
      references.addAll(section.getAuthor());
      references.addAll(section.getEntry());
    }
    return references;
  }

  /** Errors the server's validator ({@code Bundle/$validate}) finds in the document. */
  List<String> errors(Bundle bundle) {
    Http.Response validated = Http.postJson(fhirBase() + "/Bundle/$validate",
        FhirContext.forR4().newJsonParser().encodeResourceToString(bundle));
    List<String> errors = new ArrayList<>();
    for (JsonNode issue : validated.json().path("issue")) {
      String severity = issue.path("severity").asText();
      if (severity.equals("error") || severity.equals("fatal")) {
        errors.add(issue.path("expression") + " " + issue.path("diagnostics").asText());
      }
    }
    assertThat(validated.json().path("resourceType").asText()).as(validated.body()).isEqualTo("OperationOutcome");
    return errors;
  }
}
