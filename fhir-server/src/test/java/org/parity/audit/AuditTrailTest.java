package org.parity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;

/** One AuditEvent per FHIR request and one Provenance per write, over real HTTP (security off: Caller.UNSECURED). */
class AuditTrailTest extends H2ServerTest {

  @Autowired
  AuditTrail auditTrail;

  @Autowired
  DaoRegistry daos;

  // ---- helpers

  private String json(org.hl7.fhir.r4.model.Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  private IdType createPatient(String family) {
    Http.Response created = Http.postJson(fhirBase() + "/Patient", json(Fixtures.patient(Fixtures.nhsNumber(), family)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new IdType(created.json().path("id").asText()).withResourceType("Patient");
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url.replace("|", "%7C"))).header("Accept", "application/fhir+json");
  }

  /** HAPI's id of the request, which it answers in X-Request-ID and the AuditEvent records (BALP XrequestId). */
  private static String requestId(Http.Response response) {
    return response.headers().firstValue("X-Request-ID").orElseThrow();
  }

  private static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text);
  }

  /** The AuditEvents of one HTTP request (found by its X-Request-ID), once the queue is stored. */
  private List<AuditEvent> auditOf(String requestId) {
    assertThat(auditTrail.flush()).as("audit queue drained").isTrue();
    SearchParameterMap recent = SearchParameterMap.newSynchronous();
    recent.setLastUpdated(new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
        new Date(System.currentTimeMillis() - 120_000)), null));
    return daos.getResourceDao(AuditEvent.class).search(recent, new SystemRequestDetails())
        .getResources(0, Integer.MAX_VALUE).stream().map(AuditEvent.class::cast)
        .filter(event -> event.getEntity().stream().anyMatch(entity ->
            "XrequestId".equals(entity.getType().getCode()) && requestId.equals(entity.getWhat().getIdentifier().getValue())))
        .toList();
  }

  private AuditEvent theAuditOf(String requestId) {
    List<AuditEvent> events = auditOf(requestId);
    assertThat(events).as("exactly one AuditEvent for request " + requestId).hasSize(1);
    return events.get(0);
  }

  private static List<String> subtypes(AuditEvent event) {
    return event.getSubtype().stream().map(Coding::getCode).toList();
  }

  private static List<String> patientEntities(AuditEvent event) {
    return event.getEntity().stream().filter(e -> "1".equals(e.getRole().getCode()))
        .map(e -> e.getWhat().getReference()).toList();
  }

  private static List<String> resourceEntities(AuditEvent event) {
    return event.getEntity().stream().filter(e -> "4".equals(e.getRole().getCode()))
        .map(e -> e.getWhat().getReference()).toList();
  }

  private List<Provenance> provenanceFor(String target) {
    SearchParameterMap map = SearchParameterMap.newSynchronous().add("target", new ReferenceParam(target));
    return daos.getResourceDao(Provenance.class).search(map, new SystemRequestDetails())
        .getResources(0, Integer.MAX_VALUE).stream().map(Provenance.class::cast).toList();
  }

  // ---- reads and searches

  @Test
  void readIsAuditedWithThePatientAndTheVersionRead() {
    IdType patient = createPatient("Audit-read");
    Http.Response read = Http.send(request(fhirBase() + "/" + patient.getValue()).GET());
    assertThat(read.status()).isEqualTo(200);

    AuditEvent event = theAuditOf(requestId(read));
    String rid = requestId(read);
    assertThat(event.getType().getCode()).isEqualTo("rest");
    assertThat(event.getType().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/audit-event-type");
    assertThat(event.getSubtypeFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/restful-interaction");
    assertThat(subtypes(event)).containsExactly("read");
    assertThat(event.getAction()).isEqualTo(AuditEventAction.R);
    assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._0);
    assertThat(event.getRecorded()).isNotNull();
    assertThat(patientEntities(event)).containsExactly(patient.getValue());
    assertThat(resourceEntities(event)).containsExactly(patient.getValue() + "/_history/1");
    assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
    AuditEvent.AuditEventAgentComponent user = event.getAgent().stream()
        .filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
    assertThat(user.getAltId()).isEqualTo("anonymous (security disabled)");
    AuditEvent.AuditEventAgentComponent client = event.getAgent().stream()
        .filter(a -> "110153".equals(a.getType().getCodingFirstRep().getCode())).findFirst().orElseThrow();
    assertThat(client.getRequestor()).isFalse();
    assertThat(client.getWho().getIdentifier().getValue()).isEqualTo("none");
    assertThat(client.getNetwork().getAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(event.getSource().getObserver().getDisplay()).endsWith("/fhir");

    // "Who accessed this patient?" is a plain AuditEvent search.
    Http.Response who = Http.get(fhirBase() + "/AuditEvent?patient=" + patient.getValue() + "&subtype=read");
    assertThat(who.status()).isEqualTo(200);
    assertThat(who.json().path("total").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(who.body()).contains(rid);
  }

  @Test
  void searchIsAuditedWithThePatientsOfItsResultsAndTheQuery() {
    IdType ward = (IdType) client().create().resource(Fixtures.ward("A" + Fixtures.unique().substring(0, 4),
        "Audit ward " + Fixtures.unique())).execute().getId().toUnqualifiedVersionless();
    IdType first = createPatient("Audit-search");
    IdType second = createPatient("Audit-search");
    IdType other = createPatient("Audit-other");
    client().create().resource(Fixtures.inpatientEncounter(first.getValue(), ward.getValue())).execute();
    client().create().resource(Fixtures.inpatientEncounter(second.getValue(), ward.getValue())).execute();
    String url = fhirBase() + "/Encounter?location=" + ward.getValue() + "&status=in-progress";
    Http.Response search = Http.send(request(url).GET());
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.json().path("total").asInt()).isEqualTo(2);

    AuditEvent event = theAuditOf(requestId(search));
    assertThat(subtypes(event)).containsExactly("search-type");
    assertThat(event.getAction()).isEqualTo(AuditEventAction.E);
    assertThat(patientEntities(event)).containsExactlyInAnyOrder(first.getValue(), second.getValue())
        .doesNotContain(other.getValue());
    AuditEventEntityComponent query = event.getEntity().stream().filter(e -> "24".equals(e.getRole().getCode()))
        .findFirst().orElseThrow();
    assertThat(new String(query.getQuery(), StandardCharsets.UTF_8))
        .contains("/fhir/Encounter?").contains("location=" + ward.getValue()).contains("status=in-progress");
  }

  // ---- writes and their Provenance

  @Test
  void createUpdateAndDeleteAreAuditedAndEachWriteHasItsProvenance() {
    Http.Response created = Http.send(request(fhirBase() + "/Patient")
        .header("Content-Type", "application/fhir+json")
        .POST(body(json(Fixtures.patient(Fixtures.nhsNumber(), "Audit-write")))));
    assertThat(created.status()).isEqualTo(201);
    String patient = "Patient/" + created.json().path("id").asText();

    AuditEvent create = theAuditOf(requestId(created));
    assertThat(subtypes(create)).containsExactly("create");
    assertThat(create.getAction()).isEqualTo(AuditEventAction.C);
    assertThat(create.getOutcome()).isEqualTo(AuditEventOutcome._0);
    assertThat(patientEntities(create)).containsExactly(patient);
    assertThat(resourceEntities(create)).containsExactly(patient + "/_history/1");

    Patient changed = fhirContext.newJsonParser().parseResource(Patient.class, created.body());
    changed.getNameFirstRep().setFamily("Audit-write-changed");
    Http.Response updated = Http.send(request(fhirBase() + "/" + patient)
        .header("Content-Type", "application/fhir+json").PUT(body(json(changed))));
    assertThat(updated.status()).isEqualTo(200);
    AuditEvent update = theAuditOf(requestId(updated));
    assertThat(subtypes(update)).containsExactly("update");
    assertThat(update.getAction()).isEqualTo(AuditEventAction.U);
    assertThat(resourceEntities(update)).containsExactly(patient + "/_history/2");
    Http.Response deleted = Http.send(request(fhirBase() + "/" + patient).DELETE());
    assertThat(deleted.status()).as(deleted.body()).isBetween(200, 204);
    AuditEvent delete = theAuditOf(requestId(deleted));
    assertThat(subtypes(delete)).containsExactly("delete");
    assertThat(delete.getAction()).isEqualTo(AuditEventAction.D);
    assertThat(delete.getOutcome()).isEqualTo(AuditEventOutcome._0);
    assertThat(resourceEntities(delete)).containsExactly(patient + "/_history/3");

    // One Provenance per write, naming the version written.
    List<Provenance> provenance = provenanceFor(patient);
    assertThat(provenance).extracting(p -> p.getTargetFirstRep().getReference())
        .containsExactlyInAnyOrder(patient + "/_history/1", patient + "/_history/2");
    assertThat(provenance).extracting(p -> p.getActivity().getCodingFirstRep().getCode())
        .containsExactlyInAnyOrder("CREATE", "UPDATE");
    // The delete's Provenance is stored too, but HAPI does not index references to deleted resources,
    // so target= cannot find it (docs/audit.md, hazard H20): look it up by time.
    SearchParameterMap recent = SearchParameterMap.newSynchronous();
    recent.setLastUpdated(new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
        new Date(System.currentTimeMillis() - 120_000)), null));
    List<Provenance> deletion = daos.getResourceDao(Provenance.class).search(recent, new SystemRequestDetails())
        .getResources(0, Integer.MAX_VALUE).stream().map(Provenance.class::cast)
        .filter(p -> p.getTarget().stream().anyMatch(t -> t.getReference().equals(patient + "/_history/3")))
        .toList();
    assertThat(deletion).hasSize(1);
    assertThat(deletion.get(0).getActivity().getCodingFirstRep().getCode()).isEqualTo("DELETE");
    Provenance first = provenance.stream()
        .filter(p -> p.getTargetFirstRep().getReference().endsWith("/_history/1")).findFirst().orElseThrow();
    assertThat(first.getRecorded()).isNotNull();
    assertThat(first.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("author");
    assertThat(first.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("anonymous (security disabled)");
    assertThat(first.getAgent().get(1).getWho().getIdentifier().getValue()).isEqualTo("none");
    assertThat(first.getAgentFirstRep().hasOnBehalfOf()).isFalse();
    assertThat(first.hasReason()).isFalse();
  }

  @Test
  void transactionIsOneAuditEventAndOneProvenanceNamingEveryWrittenResource() {
    IdType ward = (IdType) client().create().resource(Fixtures.ward("B" + Fixtures.unique().substring(0, 4),
        "Audit ward " + Fixtures.unique())).execute().getId().toUnqualifiedVersionless();
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setFullUrl("urn:uuid:" + Fixtures.unique())
        .setResource(Fixtures.patient(Fixtures.nhsNumber(), "Audit-tx")).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    tx.addEntry().setResource(Fixtures.inpatientEncounter(tx.getEntryFirstRep().getFullUrl(), ward.getValue()))
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
    Http.Response response = Http.send(request(fhirBase())
        .header("Content-Type", "application/fhir+json").POST(body(json(tx))));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    String patient = new IdType(response.json().path("entry").get(0).path("response").path("location").asText())
        .toUnqualified().getValue();
    String encounter = new IdType(response.json().path("entry").get(1).path("response").path("location").asText())
        .toUnqualified().getValue();

    AuditEvent event = theAuditOf(requestId(response));
    assertThat(subtypes(event)).containsExactly("transaction");
    assertThat(event.getAction()).isEqualTo(AuditEventAction.E);
    assertThat(patientEntities(event)).containsExactly(new IdType(patient).toVersionless().getValue());
    assertThat(resourceEntities(event)).containsExactlyInAnyOrder(patient, encounter);

    List<Provenance> provenance = provenanceFor(new IdType(encounter).toVersionless().getValue());
    assertThat(provenance).hasSize(1);
    assertThat(provenance.get(0).getTarget()).extracting(Reference::getReference)
        .containsExactlyInAnyOrder(patient, encounter);
    assertThat(provenance.get(0).getActivity().getCoding()).extracting(Coding::getCode).containsExactly("CREATE");
    assertThat(provenanceFor(new IdType(patient).toVersionless().getValue())).hasSize(1);
  }

  // ---- operations

  @Test
  void everythingIsAuditedAsAnOperationOnThePatient() {
    IdType patient = createPatient("Audit-everything");
    Http.Response everything = Http.send(request(fhirBase() + "/" + patient.getValue() + "/$everything").GET());
    assertThat(everything.status()).isEqualTo(200);
    AuditEvent event = theAuditOf(requestId(everything));
    assertThat(subtypes(event)).containsExactly("operation", "$everything");
    assertThat(event.getAction()).isEqualTo(AuditEventAction.E);
    assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._0);
    assertThat(patientEntities(event)).contains(patient.getValue());
  }

  // ---- refused and failed requests

  @Test
  void refusedRequestsAreAuditedWithTheirStatus() {
    Http.Response spaceship = Http.send(request(fhirBase() + "/Spaceship/1").GET());
    assertThat(spaceship.status()).isEqualTo(404);
    AuditEvent notFound = theAuditOf(requestId(spaceship));
    assertThat(notFound.getOutcome()).isEqualTo(AuditEventOutcome._4);
    assertThat(notFound.getOutcomeDesc()).startsWith("HTTP 404");

    IdType patient = createPatient("Audit-refused");
    Http.Response absent = Http.send(request(fhirBase() + "/Patient/does-not-exist-" + Fixtures.unique().substring(0, 8))
        .GET());
    assertThat(absent.status()).isEqualTo(404);
    AuditEvent missingRead = theAuditOf(requestId(absent));
    assertThat(subtypes(missingRead)).containsExactly("read");
    assertThat(missingRead.getOutcome()).isEqualTo(AuditEventOutcome._4);
    Http.Response refused = Http.send(request(fhirBase() + "/Patient")
        .header("Content-Type", "application/fhir+json")
        .POST(body(json(Fixtures.patient(Fixtures.wrongCheckDigit(Fixtures.nhsNumber()), "Audit-invalid")))));
    assertThat(refused.status()).isEqualTo(422);
    AuditEvent unprocessable = theAuditOf(requestId(refused));
    assertThat(subtypes(unprocessable)).containsExactly("create");
    assertThat(unprocessable.getOutcome()).isEqualTo(AuditEventOutcome._4);
    assertThat(unprocessable.getOutcomeDesc()).startsWith("HTTP 422").contains("modulus-11");
    assertThat(resourceEntities(unprocessable)).isEmpty();
    Patient current = client().read().resource(Patient.class).withId(patient).execute();
    client().update().resource(current).execute(); // version 2 (or unchanged)
    current.getNameFirstRep().setFamily("Audit-refused-2");
    client().update().resource(current).execute();
    Http.Response conflict = Http.send(request(fhirBase() + "/" + patient.getValue())
        .header("Content-Type", "application/fhir+json").header("If-Match", "W/\"1\"")
        .PUT(body(json(current.setId(patient.getIdPart())))));
    assertThat(conflict.status()).isEqualTo(412);
    AuditEvent precondition = theAuditOf(requestId(conflict));
    assertThat(subtypes(precondition)).containsExactly("update");
    assertThat(precondition.getOutcome()).isEqualTo(AuditEventOutcome._4);
    assertThat(precondition.getOutcomeDesc()).startsWith("HTTP 412");
    assertThat(patientEntities(precondition)).containsExactly(patient.getValue());
  }

  @Test
  void requestsRefusedBeforeFhirAreRecordedAsUnauthenticated() {
    MockHttpServletRequest refused = new MockHttpServletRequest("GET", "/fhir/Patient/secret-" + Fixtures.unique());
    refused.setRemoteAddr("203.0.113.9");
    refused.addHeader("Authorization", "Bearer forged");
    auditTrail.recordRefusedBeforeFhir(refused, 401, "missing or invalid access token");
    assertThat(auditTrail.flush()).isTrue();

    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add("address", new ca.uhn.fhir.rest.param.StringParam("203.0.113.9"));
    List<AuditEvent> events = daos.getResourceDao(AuditEvent.class).search(map, new SystemRequestDetails())
        .getResources(0, Integer.MAX_VALUE).stream().map(AuditEvent.class::cast)
        .filter(e -> e.getEntity().stream().anyMatch(x -> x.getDescription() != null
            && x.getDescription().contains(refused.getRequestURI())))
        .toList();
    assertThat(events).hasSize(1);
    AuditEvent event = events.get(0);
    assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._4);
    assertThat(event.getOutcomeDesc()).isEqualTo("HTTP 401: missing or invalid access token");
    AuditEvent.AuditEventAgentComponent user = event.getAgent().stream()
        .filter(AuditEvent.AuditEventAgentComponent::getRequestor).findFirst().orElseThrow();
    assertThat(user.getWho().getIdentifier().getValue()).isEqualTo("unauthenticated");
    assertThat(event.hasPurposeOfEvent()).isFalse();
  }

  // ---- AuditEvents are immutable through the API

  @Test
  void clientsCannotCreateChangeOrDeleteAuditEvents() {
    IdType patient = createPatient("Audit-immutable");
    Http.Response read = Http.send(request(fhirBase() + "/" + patient.getValue()).GET());
    AuditEvent stored = theAuditOf(requestId(read));
    String id = stored.getIdElement().getIdPart();
    String original = json(stored);

    AuditEvent forged = stored.copy();
    forged.setOutcomeDesc("forged");
    forged.setId((String) null);
    Http.Response create = Http.postJson(fhirBase() + "/AuditEvent", json(forged));
    assertThat(create.status()).isEqualTo(405);
    assertThat(create.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(create.issues()).contains("AuditEvents are recorded by the server");

    forged.setId(id);
    Http.Response update = Http.send(request(fhirBase() + "/AuditEvent/" + id)
        .header("Content-Type", "application/fhir+json").PUT(body(json(forged))));
    assertThat(update.status()).isEqualTo(405);
    assertThat(update.headers().firstValue("Allow")).contains("GET");

    Http.Response patch = Http.send(request(fhirBase() + "/AuditEvent/" + id)
        .header("Content-Type", "application/json-patch+json")
        .method("PATCH", body("[{\"op\":\"replace\",\"path\":\"/outcomeDesc\",\"value\":\"forged\"}]")));
    assertThat(patch.status()).isEqualTo(405);

    Http.Response delete = Http.send(request(fhirBase() + "/AuditEvent/" + id).DELETE());
    assertThat(delete.status()).isEqualTo(405);

    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setResource(forged).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("AuditEvent/" + id);
    Http.Response inTransaction = Http.postJson(fhirBase(), json(tx));
    assertThat(inTransaction.status()).isEqualTo(405);

    AuditEvent after = daos.getResourceDao(AuditEvent.class).read(new IdType("AuditEvent", id), new SystemRequestDetails());
    assertThat(after.getMeta().getVersionId()).isEqualTo("1");
    assertThat(after.getOutcomeDesc()).isEqualTo(stored.getOutcomeDesc()).isNotEqualTo("forged");
    assertThat(json(after)).isEqualTo(original);
  }
}
