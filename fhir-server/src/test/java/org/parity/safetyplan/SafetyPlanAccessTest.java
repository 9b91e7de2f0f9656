package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Safety plans with sign-in on (real Keycloak): the patient reads and adds to their own plan and nothing else, what
 * they write is attributed to them, staff write in their own name or record the patient's or a consented carer's
 * words. Drafts only: other tests agree plans for the same demo patient.
 */
class SafetyPlanAccessTest extends SecuredServerTest {

  static final String PATIENT = "Patient/demo-willow-01";
  static final String SISTER = "RelatedPerson/demo-willow-01-sister";
  static final String NURSE = "Practitioner/demo-nurse-willow";

  @Autowired
  FhirContext fhir;

  String json(CarePlan plan) {
    return fhir.newJsonParser().encodeResourceToString(plan);
  }

  CarePlan parse(Http.Response response) {
    return fhir.newJsonParser().parseResource(CarePlan.class, response.body());
  }

  /** A draft started by the nurse with one entry of hers, one of the patient's words and one of the sister's. */
  CarePlan startedByNurse() {
    CarePlan plan = SafetyPlans.draft(PATIENT);
    SafetyPlans.entry(plan, "nurse", "professionals-services", "Willow Ward 24 hours: 01632 960 001", null);
    SafetyPlans.entry(plan, "patient", "warning-signs", "I stop eating and stay in my room", PATIENT);
    SafetyPlans.entry(plan, "sister", "people-to-ask", "Ring me any time, I'll come over", SISTER);
    Http.Response created = post(token("nurse.willow"), "/CarePlan", json(plan));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return parse(created);
  }

  Http.Response put(String token, CarePlan plan) {
    List<String> headers = new ArrayList<>(List.of(bearer(token)));
    headers.add("If-Match");
    headers.add("W/\"" + plan.getMeta().getVersionId() + "\"");
    return Http.putJson(fhirBase() + "/CarePlan/" + plan.getIdElement().getIdPart(), json(plan),
        headers.toArray(String[]::new));
  }

  static String author(CarePlan.CarePlanActivityComponent activity) {
    return ((Reference) activity.getExtensionByUrl(SafetyPlanCodes.ENTRY_AUTHOR).getValue()).getReference();
  }

  @Test
  void staffWriteInTheirOwnNameAndRecordThePatientsAndAConsentedCarersWords() {
    CarePlan plan = startedByNurse();
    assertThat(plan.getActivity()).extracting(SafetyPlanAccessTest::author).containsExactly(NURSE, PATIENT, SISTER);
  }

  @Test
  void staffDoNotWriteInAColleaguesName() {
    CarePlan plan = SafetyPlans.draft(PATIENT);
    SafetyPlans.entry(plan, "x", "coping-on-my-own", "Go for a run", "Practitioner/demo-doctor-ali");
    Http.Response refused = post(token("nurse.willow"), "/CarePlan", json(plan));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.issues()).contains("own name");
  }

  @Test
  void aPatientAddsTheirOwnWordsAndTheyAreAttributedToThem() {
    CarePlan plan = startedByNurse();
    SafetyPlans.entry(plan, "mine", "reasons-for-living", "My cat, Biscuit", NURSE);
    Http.Response saved = put(token("patient.willow01"), plan);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    CarePlan stored = parse(saved);
    assertThat(author(stored.getActivity().get(3))).isEqualTo(PATIENT);
    assertThat(author(stored.getActivity().get(0))).isEqualTo(NURSE);
  }

  @Test
  void aPatientChangesTheirOwnWordsButNotOtherPeoples() {
    CarePlan plan = startedByNurse();
    plan.getActivity().get(1).getDetail().setDescription("I stop eating, stay in my room and stop texting back");
    Http.Response own = put(token("patient.willow01"), plan);
    assertThat(own.status()).as(own.body()).isEqualTo(200);

    CarePlan stored = parse(own);
    stored.getActivity().get(2).getDetail().setDescription("Changed the sister's words");
    Http.Response others = put(token("patient.willow01"), stored);
    assertThat(others.status()).as(others.body()).isEqualTo(403);
    assertThat(others.issues()).contains("only what you wrote");

    CarePlan again = parse(own);
    again.getActivity().remove(0);
    Http.Response removed = put(token("patient.willow01"), again);
    assertThat(removed.status()).as(removed.body()).isEqualTo(403);
  }

  @Test
  void aPatientDoesNotChangeTheStatusOrStartAPlan() {
    CarePlan plan = startedByNurse();
    plan.setStatus(CarePlan.CarePlanStatus.REVOKED);
    Http.Response status = put(token("patient.willow01"), plan);
    assertThat(status.status()).as(status.body()).isEqualTo(403);

    CarePlan own = SafetyPlans.draft(PATIENT);
    SafetyPlans.entry(own, "a", "coping-on-my-own", "Music", PATIENT);
    Http.Response started = post(token("patient.willow01"), "/CarePlan", json(own));
    assertThat(started.status()).as(started.body()).isEqualTo(403);

    CarePlan other = new CarePlan();
    other.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    other.setIntent(CarePlan.CarePlanIntent.PLAN);
    other.setSubject(new Reference(PATIENT));
    other.setTitle("My own care plan");
    Http.Response notSafetyPlan = post(token("patient.willow01"), "/CarePlan", json(other));
    assertThat(notSafetyPlan.status()).as(notSafetyPlan.body()).isEqualTo(403);
    assertThat(notSafetyPlan.issues()).contains("safety plan");
  }

  @Test
  void aPatientReadsTheirOwnPlansAndNotAnotherPatients() {
    CarePlan mine = startedByNurse();
    assertThat(get(token("patient.willow01"), "/CarePlan/" + mine.getIdElement().getIdPart()).status()).isEqualTo(200);

    CarePlan other = SafetyPlans.draft("Patient/demo-willow-05");
    SafetyPlans.entry(other, "a", "coping-on-my-own", "Walk", null);
    Http.Response created = post(token("nurse.willow"), "/CarePlan", json(other));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Http.Response read = get(token("patient.willow01"), "/CarePlan/" + created.json().path("id").asText());
    assertThat(read.status()).as(read.body()).isEqualTo(403);
    Http.Response search = get(token("patient.willow01"), "/CarePlan?category=" + SafetyPlanCodes.SYSTEM + "|safety-plan");
    assertThat(search.status()).as(search.body()).isEqualTo(200);
    search.json().path("entry").forEach(e ->
        assertThat(e.path("resource").path("subject").path("reference").asText()).isEqualTo(PATIENT));
  }

  @Test
  void everyVersionIsReadableByTheWardAndThePatientButNotByOthers() {
    CarePlan plan = startedByNurse();
    SafetyPlans.entry(plan, "later", "coping-on-my-own", "Phone my sister", PATIENT);
    Http.Response saved = put(token("nurse.willow"), plan);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    String history = "/CarePlan/" + plan.getIdElement().getIdPart() + "/_history";

    Http.Response nurse = get(token("nurse.willow"), history);
    assertThat(nurse.status()).as(nurse.body()).isEqualTo(200);
    assertThat(nurse.json().path("entry")).hasSize(2);
    Http.Response patient = get(token("patient.willow01"), history);
    assertThat(patient.status()).as(patient.body()).isEqualTo(200);
    assertThat(patient.json().path("entry")).hasSize(2);
    assertThat(get(token("nurse.cedar"), history).status()).isEqualTo(403);
  }
}
