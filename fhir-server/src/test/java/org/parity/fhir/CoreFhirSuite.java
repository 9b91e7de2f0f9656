package org.parity.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.Http;
import org.parity.validation.GovernedProfiles;
import org.parity.validation.NhsNumber;

/**
 * The core FHIR contract over real HTTP. The same tests run against every database Parity supports
 * (H2 and PostgreSQL): a class binds them to a started server by implementing this interface.
 */
public interface CoreFhirSuite {

  String fhirBase();

  IGenericClient client();

  default String json(Resource resource) {
    return client().getFhirContext().newJsonParser().encodeResourceToString(resource);
  }

  default IdType createWard() {
    Location ward = Fixtures.ward("T" + Fixtures.unique().substring(0, 4), "Test ward " + Fixtures.unique());
    return (IdType) client().create().resource(ward).execute().getId().toUnqualifiedVersionless();
  }

  default IdType createPatient(String nhs) {
    return (IdType) client().create().resource(Fixtures.patient(nhs, "Okonkwo")).execute().getId()
        .toUnqualifiedVersionless();
  }

  // ---- capability statement

  @Test
  default void capabilityStatementListsParityProfilesAndOperations() {
    CapabilityStatement metadata = client().capabilities().ofType(CapabilityStatement.class).execute();
    assertThat(metadata.getSoftware().getName()).isEqualTo("Parity");
    List<String> profiles = metadata.getRestFirstRep().getResource().stream()
        .flatMap(r -> r.getSupportedProfile().stream().map(p -> p.getValue()))
        .toList();
    assertThat(profiles).contains(GovernedProfiles.PATIENT, GovernedProfiles.INPATIENT_ENCOUNTER,
        GovernedProfiles.WARD, GovernedProfiles.BED);
    CapabilityStatement.CapabilityStatementRestResourceComponent patient = metadata.getRestFirstRep().getResource()
        .stream().filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
    assertThat(patient.getOperation()).extracting(o -> o.getName()).contains("everything", "validate");
    assertThat(metadata.getRestFirstRep().getResource()).extracting(r -> r.getType()).contains("Location")
        .filteredOn(t -> t.equals("Location")).isNotEmpty();
    CapabilityStatement.CapabilityStatementRestResourceComponent location = metadata.getRestFirstRep().getResource()
        .stream().filter(r -> r.getType().equals("Location")).findFirst().orElseThrow();
    assertThat(location.getSearchParam()).extracting(p -> p.getName()).contains("physical-type");
  }

  // ---- CRUD, versions, conditional create, history

  @Test
  default void createReadVreadUpdateWithIfMatchAndHistory() {
    IdType id = createPatient(Fixtures.nhsNumber());
    Patient read = client().read().resource(Patient.class).withId(id).execute();
    assertThat(read.getIdElement().getVersionIdPart()).isEqualTo("1");

    read.getNameFirstRep().setFamily("Okonkwo-Smith");
    MethodOutcome updated = client().update().resource(read).withId(id).execute();
    assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

    // A stale If-Match (version 1 after version 2 exists) must not overwrite the newer record.
    Http.Response stale = Http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(fhirBase() + "/Patient/" + id.getIdPart()))
        .header("Content-Type", "application/fhir+json")
        .header("If-Match", "W/\"1\"")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json(read.setId(id.getIdPart())))));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(client().read().resource(Patient.class).withId(id).execute().getNameFirstRep().getFamily())
        .isEqualTo("Okonkwo-Smith");

    Patient v1 = client().read().resource(Patient.class).withId(id.withVersion("1")).execute();
    assertThat(v1.getNameFirstRep().getFamily()).isEqualTo("Okonkwo");

    Bundle history = client().history().onInstance(id).returnBundle(Bundle.class).execute();
    assertThat(history.getEntry()).hasSize(2);
  }

  @Test
  default void conditionalCreateDoesNotDuplicate() {
    String nhs = Fixtures.nhsNumber();
    Patient patient = Fixtures.patient(nhs, "Mensah");
    String condition = "identifier=" + NhsNumber.SYSTEM + "|" + nhs;
    MethodOutcome first = client().create().resource(patient).conditionalByUrl("Patient?" + condition).execute();
    MethodOutcome second = client().create().resource(patient).conditionalByUrl("Patient?" + condition).execute();
    assertThat(first.getCreated()).isTrue();
    assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
    assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
    Bundle found = client().search().forResource(Patient.class)
        .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(NhsNumber.SYSTEM, nhs))
        .returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).hasSize(1);
  }

  @Test
  default void deleteThenReadIsGone() {
    IdType id = createPatient(Fixtures.nhsNumber());
    client().delete().resourceById(id).execute();
    assertThatThrownBy(() -> client().read().resource(Patient.class).withId(id).execute())
        .isInstanceOf(ResourceGoneException.class);
  }

  // ---- search

  @Test
  default void searchWithIncludeRevincludeAndPaging() {
    IdType ward = createWard();
    String nhs = Fixtures.nhsNumber();
    IdType patient = createPatient(nhs);
    client().create().resource(Fixtures.inpatientEncounter(patient.getValue(), ward.getValue())).execute();

    Bundle encounters = client().search().forResource(Encounter.class)
        .where(Encounter.LOCATION.hasId(ward))
        .and(Encounter.STATUS.exactly().code("in-progress"))
        .include(Encounter.INCLUDE_SUBJECT)
        .include(Encounter.INCLUDE_LOCATION)
        .returnBundle(Bundle.class).execute();
    assertThat(encounters.getEntry()).extracting(e -> e.getResource().fhirType())
        .containsExactlyInAnyOrder("Encounter", "Patient", "Location");

    Bundle withEncounters = client().search().forResource(Patient.class)
        .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(NhsNumber.SYSTEM, nhs))
        .revInclude(Encounter.INCLUDE_PATIENT)
        .returnBundle(Bundle.class).execute();
    assertThat(withEncounters.getEntry()).extracting(e -> e.getResource().fhirType())
        .containsExactlyInAnyOrder("Patient", "Encounter");

    String prefix = "Paging ward " + Fixtures.unique().substring(0, 8);
    for (int i = 0; i < 6; i++) {
      client().create().resource(Fixtures.ward("P" + i, prefix + " " + i)).execute();
    }
    Bundle firstPage = client().search().forResource(Location.class)
        .where(Location.NAME.matches().value(prefix)).count(5).returnBundle(Bundle.class).execute();
    assertThat(firstPage.getEntry()).hasSize(5);
    assertThat(firstPage.getLink(Bundle.LINK_NEXT)).isNotNull();
    Bundle secondPage = client().loadPage().next(firstPage).execute();
    assertThat(secondPage.getEntry()).isNotEmpty();
    assertThat(secondPage.getEntryFirstRep().getResource().getIdElement().getIdPart())
        .isNotEqualTo(firstPage.getEntryFirstRep().getResource().getIdElement().getIdPart());
  }

  @Test
  default void currentLocationFindsOnlyPatientsStillOnTheWard() {
    IdType willow = createWard();
    IdType cedar = createWard();
    IdType patient = createPatient(Fixtures.nhsNumber());
    Encounter stay = Fixtures.inpatientEncounter(patient.getValue(), willow.getValue());
    IdType id = (IdType) client().create().resource(stay).execute().getId().toUnqualifiedVersionless();
    // Transfer: the Willow entry is completed, Cedar becomes the active ward.
    Encounter moved = client().read().resource(Encounter.class).withId(id).execute();
    moved.getLocationFirstRep().setStatus(Encounter.EncounterLocationStatus.COMPLETED);
    moved.addLocation().setLocation(new org.hl7.fhir.r4.model.Reference(cedar.getValue()))
        .setStatus(Encounter.EncounterLocationStatus.ACTIVE).setPhysicalType(Fixtures.physicalType("wa"));
    client().update().resource(moved).execute();

    Http.Response onWillow = Http.get(fhirBase() + "/Encounter?current-location=" + willow.getValue() + "&status=in-progress");
    Http.Response onCedar = Http.get(fhirBase() + "/Encounter?current-location=" + cedar.getValue() + "&status=in-progress");
    assertThat(onWillow.status()).as(onWillow.body()).isEqualTo(200);
    assertThat(onWillow.json().path("total").asInt()).isZero();
    assertThat(onCedar.json().path("total").asInt()).isEqualTo(1);
  }

  @Test
  default void parityDefinitionsCannotBeChangedOverTheApi() {
    Http.Response delete = Http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(fhirBase() + "/SearchParameter/location-physical-type")).DELETE());
    assertThat(delete.status()).isEqualTo(403);
    assertThat(Http.get(fhirBase() + "/Location?physical-type=wa").status()).isEqualTo(200);
  }

  @Test
  default void unescapedPipeInATokenSearchWorks() throws java.io.IOException {
    String nhs = Fixtures.nhsNumber();
    createPatient(nhs);
    // HttpURLConnection sends the '|' as typed, as curl and many integration engines do.
    var connection = (java.net.HttpURLConnection) new java.net.URL(
        fhirBase() + "/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs).openConnection();
    connection.setRequestProperty("Accept", "application/fhir+json");
    assertThat(connection.getResponseCode()).isEqualTo(200);
    String body = new String(connection.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(body).contains(nhs);
  }

  @Test
  default void wardsAreFoundByPhysicalType() {
    createWard();
    Bundle wards = client().search().forResource(Location.class)
        .where(new ca.uhn.fhir.rest.gclient.TokenClientParam("physical-type").exactly().code("wa"))
        .returnBundle(Bundle.class).execute();
    assertThat(wards.getEntry()).isNotEmpty();
    assertThat(wards.getEntry()).allSatisfy(e ->
        assertThat(((Location) e.getResource()).getPhysicalType().getCodingFirstRep().getCode()).isEqualTo("wa"));
  }

  // ---- batch and transaction

  @Test
  default void transactionCreatesPatientAndAdmissionTogether() {
    IdType ward = createWard();
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient patient = Fixtures.patient(Fixtures.nhsNumber(), "Hughes");
    tx.addEntry().setFullUrl("urn:uuid:p1").setResource(patient).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    tx.addEntry().setResource(Fixtures.inpatientEncounter("urn:uuid:p1", ward.getValue())).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
    Bundle response = client().transaction().withBundle(tx).execute();
    assertThat(response.getEntry()).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
  }

  @Test
  default void transactionWithOneInvalidEntryStoresNothing() {
    IdType ward = createWard();
    String nhs = Fixtures.nhsNumber();
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setFullUrl("urn:uuid:p1").setResource(Fixtures.patient(nhs, "Price")).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    // An inpatient admission without a ward breaks the inpatient Encounter profile.
    tx.addEntry().setResource(Fixtures.inpatientEncounter("urn:uuid:p1", null)).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
    Http.Response response = Http.postJson(fhirBase(), json(tx));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.issues()).contains("Encounter.location");
    Bundle found = client().search().forResource(Patient.class)
        .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(NhsNumber.SYSTEM, nhs))
        .returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).isEmpty();
    assertThat(ward).isNotNull();
  }

  @Test
  default void batchProcessesEntriesIndependently() {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().setResource(Fixtures.patient(Fixtures.nhsNumber(), "Ahmed")).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    batch.addEntry().setResource(Fixtures.patient(Fixtures.wrongCheckDigit(Fixtures.nhsNumber()), "Ahmed"))
        .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    Bundle response = client().transaction().withBundle(batch).execute();
    assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
    assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("422");
  }

  // ---- $validate and $everything

  @Test
  default void validateOperationAppliesParityProfiles() {
    Patient bad = Fixtures.patient(Fixtures.wrongCheckDigit(Fixtures.nhsNumber()), "Evans");
    Http.Response invalid = Http.postJson(fhirBase() + "/Patient/$validate", json(bad));
    // $validate answers 200 whatever the outcome; the outcome's issues carry the verdict.
    assertThat(invalid.status()).isEqualTo(200);
    assertThat(invalid.issues()).as(invalid.body()).contains("error ").contains("parity-nhs-1");

    Http.Response valid = Http.postJson(fhirBase() + "/Patient/$validate",
        json(Fixtures.patient(Fixtures.nhsNumber(), "Evans")));
    assertThat(valid.status()).isEqualTo(200);
    assertThat(valid.issues()).doesNotContain("error ");
  }

  @Test
  default void everythingReturnsThePatientsRecord() {
    IdType ward = createWard();
    IdType patient = createPatient(Fixtures.nhsNumber());
    client().create().resource(Fixtures.inpatientEncounter(patient.getValue(), ward.getValue())).execute();
    Parameters none = new Parameters();
    Bundle everything = client().operation().onInstance(patient).named("$everything")
        .withParameters(none).returnResourceType(Bundle.class).useHttpGet().execute();
    assertThat(everything.getEntry()).extracting(e -> e.getResource().fhirType())
        .contains("Patient", "Encounter", "Location");
  }

  // ---- refusals: 4xx with a precise OperationOutcome, nothing stored

  @Test
  default void invalidNhsNumberIsRefusedWhateverTheProfile() {
    String bad = Fixtures.wrongCheckDigit(Fixtures.nhsNumber());
    Patient noProfile = Fixtures.patient(bad, "Begum");
    noProfile.getMeta().getProfile().clear();
    Http.Response response = Http.postJson(fhirBase() + "/Patient", json(noProfile));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.issues()).contains("Patient.identifier[0].value").contains("modulus-11");
    Bundle found = client().search().forResource(Patient.class)
        .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(NhsNumber.SYSTEM, bad))
        .returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).isEmpty();
  }

  @Test
  default void parityPatientWithoutNhsNumberIsRefused() {
    Patient patient = Fixtures.patient(Fixtures.nhsNumber(), "Nwosu");
    patient.getIdentifier().clear();
    Http.Response response = Http.postJson(fhirBase() + "/Patient", json(patient));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.issues()).contains("Patient.identifier");
  }

  @Test
  default void updateToAnInvalidNhsNumberLeavesTheStoredVersionUnchanged() {
    String nhs = Fixtures.nhsNumber();
    IdType id = createPatient(nhs);
    Patient patient = Fixtures.patient(Fixtures.wrongCheckDigit(nhs), "Okonkwo");
    patient.setId(id.getIdPart());
    Http.Response response = Http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(fhirBase() + "/Patient/" + id.getIdPart()))
        .header("Content-Type", "application/fhir+json")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json(patient))));
    assertThat(response.status()).isEqualTo(422);
    Patient stored = client().read().resource(Patient.class).withId(id).execute();
    assertThat(stored.getIdentifierFirstRep().getValue()).isEqualTo(nhs);
    assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
  }

  @Test
  default void inpatientWithoutNhsNumberIsRefusedAndTheTransactionRolledBack() {
    IdType ward = createWard();
    Patient anonymous = new Patient();
    anonymous.addName().setFamily("Unknown-" + Fixtures.unique().substring(0, 6));
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setFullUrl("urn:uuid:p1").setResource(anonymous).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    tx.addEntry().setResource(Fixtures.inpatientEncounter("urn:uuid:p1", ward.getValue())).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Encounter");
    Http.Response response = Http.postJson(fhirBase(), json(tx));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.issues()).contains("Encounter.subject").contains("NHS number");
    Bundle found = client().search().forResource(Patient.class)
        .where(Patient.FAMILY.matchesExactly().value(anonymous.getNameFirstRep().getFamily()))
        .returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).isEmpty();
  }

  @Test
  default void inpatientEncounterWithoutWardIsRefusedEvenWithoutProfileClaim() {
    IdType patient = createPatient(Fixtures.nhsNumber());
    Encounter encounter = Fixtures.inpatientEncounter(patient.getValue(), null);
    Http.Response response = Http.postJson(fhirBase() + "/Encounter", json(encounter));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.issues()).contains("Encounter.location");
  }

  @Test
  default void unknownProfileClaimIsRefused() {
    Patient patient = Fixtures.patient(Fixtures.nhsNumber(), "Clarke");
    patient.getMeta().getProfile().clear();
    patient.getMeta().addProfile("https://example.org/StructureDefinition/not-a-profile");
    Http.Response response = Http.postJson(fhirBase() + "/Patient", json(patient));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.issues()).contains("Patient.meta.profile[0]").contains("not-a-profile");
  }

  @Test
  default void validResourcesAreStoredAndFound() {
    IdType ward = createWard();
    String nhs = Fixtures.nhsNumber();
    IdType patient = createPatient(nhs);
    Encounter encounter = Fixtures.inpatientEncounter(patient.getValue(), ward.getValue());
    encounter.getMeta().addProfile(GovernedProfiles.INPATIENT_ENCOUNTER);
    MethodOutcome created = client().create().resource(encounter).execute();
    assertThat(created.getCreated()).isTrue();
    Bundle found = client().search().forResource(Encounter.class)
        .where(Encounter.SUBJECT.hasId(patient))
        .returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).hasSize(1);
  }

  @Test
  default void malformedBodyIsA400WithOperationOutcome() {
    Http.Response response = Http.postJson(fhirBase() + "/Patient", "{\"resourceType\":\"Patient\",");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  default void unknownResourceTypeIsA404WithOperationOutcome() {
    Http.Response response = Http.get(fhirBase() + "/Spaceship/1");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  default void oversizedBodyIsRefusedWith413() {
    // The test profile limits bodies to 256 KB.
    String big = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "x".repeat(300_000) + "\"}]}";
    Http.Response response = Http.postJson(fhirBase() + "/Patient", big);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  default void xmlExternalEntitiesAreNotResolved() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&xxe;\"/></name></Patient>";
    Http.Response response = Http.post(fhirBase() + "/Patient", "application/fhir+xml", xxe);
    assertThat(response.status()).isBetween(400, 499);
    assertThat(response.body()).doesNotContain("root:");
  }
}
