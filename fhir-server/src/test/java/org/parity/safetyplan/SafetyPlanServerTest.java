package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/** Safety plans over real HTTP on the open H2 server: lifecycle, versions, If-Match, authorship, revisions. */
class SafetyPlanServerTest extends H2ServerTest {

  String json(Resource resource) {
    return fhirContext.newJsonParser().encodeResourceToString(resource);
  }

  String create(Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(), json(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  String newPatient() {
    return create(Fixtures.patient(Fixtures.nhsNumber(), "Safety"));
  }

  CarePlan read(String ref) {
    Http.Response response = Http.get(fhirBase() + "/" + ref);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return fhirContext.newJsonParser().parseResource(CarePlan.class, response.body());
  }

  Http.Response put(CarePlan plan, String ifMatchVersion) {
    String url = fhirBase() + "/CarePlan/" + plan.getIdElement().getIdPart();
    return ifMatchVersion == null ? Http.putJson(url, json(plan))
        : Http.putJson(url, json(plan), "If-Match", "W/\"" + ifMatchVersion + "\"");
  }

  /** PUT with the plan's own version as If-Match; fails unless 200. */
  CarePlan save(CarePlan plan) {
    Http.Response response = put(plan, plan.getMeta().getVersionId());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return fhirContext.newJsonParser().parseResource(CarePlan.class, response.body());
  }

  static List<String> expressions(Http.Response response) {
    List<String> found = new ArrayList<>();
    response.json().path("issue").forEach(i -> i.path("expression").forEach(e -> found.add(e.asText())));
    return found;
  }

  @Test
  void aPlanIsDraftedAgreedReviewedAndRevisedWithEveryVersionKept() {
    String patient = newPatient();
    CarePlan draft = SafetyPlans.draft(patient);
    SafetyPlans.entry(draft, "e1", "warning-signs", "When I stop answering my phone", patient);
    String ref = create(draft);

    CarePlan v1 = read(ref);
    SafetyPlans.entry(v1, "e2", "professionals-services", "Samaritans 116 123", patient);
    CarePlan v2 = save(v1);
    CarePlan agreed = save(SafetyPlans.agree(v2));
    assertThat(agreed.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);

    // The agreed words stay as agreed.
    agreed.getActivityFirstRep().getDetail().setDescription("Something else");
    Http.Response edit = put(agreed, agreed.getMeta().getVersionId());
    assertThat(edit.status()).as(edit.body()).isEqualTo(422);
    assertThat(expressions(edit)).contains("CarePlan.activity");
    assertThat(edit.issues()).contains("new version");

    // A revision is a new plan that replaces it; agreeing it supersedes the old one.
    CarePlan revision = read(ref);
    revision.setId((String) null);
    revision.setStatus(CarePlan.CarePlanStatus.DRAFT);
    revision.getExtension().clear();
    revision.addReplaces(new Reference(ref));
    SafetyPlans.entry(revision, "e3", "reasons-for-living", "My niece's wedding", patient);
    String revisionRef = create(revision);
    assertThat(read(ref).getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
    save(SafetyPlans.agree(read(revisionRef)));
    assertThat(read(ref).getStatus()).isEqualTo(CarePlan.CarePlanStatus.REVOKED);

    // Every version of the first plan is kept and readable, the agreed words among them.
    JsonNode history = Http.get(fhirBase() + "/" + ref + "/_history").json();
    assertThat(history.path("total").asInt()).isEqualTo(4);
    Http.Response agreedVersion = Http.get(fhirBase() + "/" + ref + "/_history/3");
    assertThat(agreedVersion.json().path("status").asText()).isEqualTo("active");
    assertThat(agreedVersion.body()).contains("When I stop answering my phone");
  }

  @Test
  void anUpdateWithoutIfMatchIsRefusedWith412AndChangesNothing() {
    String ref = create(SafetyPlans.enough(newPatient()));
    CarePlan plan = read(ref);
    plan.setTitle("Changed without If-Match");
    Http.Response response = put(plan, null);
    assertThat(response.status()).as(response.body()).isEqualTo(412);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.issues()).contains("If-Match");
    assertThat(read(ref).getMeta().getVersionId()).isEqualTo("1");
  }

  @Test
  void theSecondOfTwoEditsFromTheSameVersionIsRefusedWith412() {
    String ref = create(SafetyPlans.enough(newPatient()));
    CarePlan mine = read(ref);
    CarePlan theirs = read(ref);
    SafetyPlans.entry(mine, "mine", "coping-on-my-own", "Walk round the garden", null);
    SafetyPlans.entry(theirs, "theirs", "coping-on-my-own", "Listen to music", null);
    mine.getActivity().get(2).addExtension(SafetyPlanCodes.ENTRY_AUTHOR, mine.getSubject().copy());
    theirs.getActivity().get(2).addExtension(SafetyPlanCodes.ENTRY_AUTHOR, theirs.getSubject().copy());
    assertThat(put(mine, "1").status()).isEqualTo(200);
    Http.Response stale = put(theirs, "1");
    assertThat(stale.status()).as(stale.body()).isEqualTo(412);
    CarePlan stored = read(ref);
    assertThat(stored.getActivity()).extracting(a -> a.getDetail().getDescription()).contains("Walk round the garden")
        .doesNotContain("Listen to music");
  }

  @Test
  void aTransactionEntryNeedsIfMatchToo() {
    String ref = create(SafetyPlans.enough(newPatient()));
    CarePlan plan = read(ref);
    plan.setTitle("Changed in a transaction");
    Bundle missing = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    missing.addEntry().setResource(plan).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(ref);
    Http.Response refused = Http.postJson(fhirBase(), json(missing));
    assertThat(refused.status()).as(refused.body()).isEqualTo(412);

    Bundle stale = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    stale.addEntry().setResource(plan).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(ref).setIfMatch("W/\"7\"");
    Http.Response staleResponse = Http.postJson(fhirBase(), json(stale));
    assertThat(staleResponse.status()).as(staleResponse.body()).isEqualTo(412);

    Bundle current = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    current.addEntry().setResource(plan).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(ref).setIfMatch("W/\"1\"");
    Http.Response ok = Http.postJson(fhirBase(), json(current));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(read(ref).getTitle()).isEqualTo("Changed in a transaction");
  }

  @Test
  void theServerKeepsWhoWroteEachEntry() {
    String patient = newPatient();
    CarePlan draft = SafetyPlans.draft(patient);
    SafetyPlans.entry(draft, "e1", "coping-on-my-own", "Music", patient);
    CarePlan stored = read(create(draft));
    String written = stored.getActivityFirstRep().getExtensionByUrl(SafetyPlanCodes.ENTRY_WRITTEN)
        .getValueAsPrimitive().getValueAsString();
    assertThat(written).matches(".*[+-]\\d\\d:\\d\\d$");

    // Re-attributing an unchanged entry is ignored; the server keeps the author and the time.
    stored.getActivityFirstRep().getExtensionByUrl(SafetyPlanCodes.ENTRY_AUTHOR)
        .setValue(new Reference("Practitioner/someone-else"));
    CarePlan after = save(stored);
    assertThat(((Reference) after.getActivityFirstRep().getExtensionByUrl(SafetyPlanCodes.ENTRY_AUTHOR).getValue())
        .getReference()).isEqualTo(patient);
    assertThat(after.getActivityFirstRep().getExtensionByUrl(SafetyPlanCodes.ENTRY_WRITTEN)
        .getValueAsPrimitive().getValueAsString()).isEqualTo(written);
  }

  @Test
  void anEntryWithoutAnAuthorIsRefusedWhenNobodyIsSignedIn() {
    CarePlan draft = SafetyPlans.draft(newPatient());
    SafetyPlans.entry(draft, "e1", "coping-on-my-own", "Music", null);
    Http.Response response = Http.postJson(fhirBase() + "/CarePlan", json(draft));
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(expressions(response)).anyMatch(e -> e.startsWith("CarePlan.activity[0].extension"));
  }

  @Test
  void aCarerWritesOnlyWithThePatientsConsent() {
    String patient = newPatient();
    RelatedPerson carer = new RelatedPerson();
    carer.setPatient(new Reference(patient));
    carer.addName().setText("Jo Carer");
    String carerRef = create(carer);

    CarePlan draft = SafetyPlans.draft(patient);
    SafetyPlans.entry(draft, "e1", "people-to-ask", "Ring me, I'll come over", carerRef);
    Http.Response refused = Http.postJson(fhirBase() + "/CarePlan", json(draft));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.issues()).contains("consent");

    create(contributeConsent(patient, carerRef));
    String ref = create(draft);
    assertThat(((Reference) read(ref).getActivityFirstRep().getExtensionByUrl(SafetyPlanCodes.ENTRY_AUTHOR).getValue())
        .getReference()).isEqualTo(carerRef);
  }

  static Consent contributeConsent(String patient, String actor) {
    Consent consent = new Consent();
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.getScope().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null));
    consent.addCategory().addCoding(new Coding("http://loinc.org", "59284-0", "Patient Consent"));
    consent.setPatient(new Reference(patient));
    consent.setDateTime(new java.util.Date());
    consent.getPolicyRule().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/consentpolicycodes", "cric", null));
    consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT).addActor()
        .setRole(new org.hl7.fhir.r4.model.CodeableConcept(
            new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
        .setReference(new Reference(actor));
    consent.getProvision().addAction().addCoding(new Coding(SafetyPlanCodes.SYSTEM, SafetyPlanCodes.CONTRIBUTE, null));
    return consent;
  }

  @Test
  void aPatientHasOneAgreedPlanAtATime() {
    String patient = newPatient();
    create(SafetyPlans.agree(SafetyPlans.enough(patient)));
    Http.Response second = Http.postJson(fhirBase() + "/CarePlan", json(SafetyPlans.agree(SafetyPlans.enough(patient))));
    assertThat(second.status()).as(second.body()).isEqualTo(422);
    assertThat(expressions(second)).contains("CarePlan.replaces");
  }

  @Test
  void aRevisionReplacesOnlyTheSamePatientsAgreedPlan() {
    String other = create(SafetyPlans.agree(SafetyPlans.enough(newPatient())));
    CarePlan revision = SafetyPlans.enough(newPatient());
    revision.addReplaces(new Reference(other));
    Http.Response response = Http.postJson(fhirBase() + "/CarePlan", json(revision));
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(expressions(response)).contains("CarePlan.replaces[0]");
    assertThat(response.issues()).contains("another patient");
  }

  @Test
  void anAgreedPlanNeedsTheAgreementAndAReviewDate() {
    CarePlan plan = SafetyPlans.enough(newPatient());
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    Http.Response response = Http.postJson(fhirBase() + "/CarePlan", json(plan));
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(expressions(response)).contains(Lifecycle.AGREEMENT, Lifecycle.REVIEW_DUE);
  }

  @Test
  void aPlanEnteredInErrorIsKeptAsItWas() {
    CarePlan plan = read(create(SafetyPlans.enough(newPatient())));
    plan.setStatus(CarePlan.CarePlanStatus.ENTEREDINERROR);
    CarePlan withdrawn = save(plan);
    withdrawn.setStatus(CarePlan.CarePlanStatus.DRAFT);
    Http.Response response = put(withdrawn, withdrawn.getMeta().getVersionId());
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(expressions(response)).contains("CarePlan.status");
  }

  @Test
  void aSafetyPlanStaysASafetyPlan() {
    CarePlan plan = read(create(SafetyPlans.enough(newPatient())));
    plan.getCategory().clear();
    Http.Response response = put(plan, plan.getMeta().getVersionId());
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(expressions(response)).contains("CarePlan.category");
  }

  @Test
  void entriesWithoutAnIdGetOne() {
    CarePlan plan = SafetyPlans.enough(newPatient());
    plan.getActivityFirstRep().setId(null);
    CarePlan stored = read(create(plan));
    assertThat(stored.getActivityFirstRep().getId()).startsWith("e-");
  }
}
