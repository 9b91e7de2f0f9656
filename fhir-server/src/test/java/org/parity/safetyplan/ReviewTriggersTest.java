package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Safety plan review Tasks: due on the review date, brought forward by transitions, ended with the plan; over HTTP. */
class ReviewTriggersTest extends H2ServerTest {

  private static final String P = "https://parity-epr.org/fhir";
  private static final String PROFILE = P + "/StructureDefinition/parity-safety-plan";
  private static final String REVIEW_TASKS = "/Task?code=" + P + "/CodeSystem/safety-plan|safety-plan-review&focus=";

  @Autowired
  ReviewTriggers triggers;

  @Autowired
  PlatformTransactionManager transactions;

  /** A patient admitted to a new ward six hours ago: {patient, encounter}. */
  private String[] admit() {
    String ward = create(Fixtures.ward("SP" + UUID.randomUUID().toString().substring(0, 3), "Safety plan ward"));
    String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Review"));
    Encounter admission = Fixtures.inpatientEncounter(patient, ward);
    admission.getPeriod().setStart(Date.from(Instant.now().minusSeconds(6 * 3600)));
    return new String[] {patient, create(admission)};
  }

  /** An agreed (active) plan per the contract: agreement, review date, warning signs and professionals. */
  private CarePlan activePlan(String patient, String encounter, LocalDate reviewDue, String replaces) {
    CarePlan plan = new CarePlan();
    plan.getMeta().addProfile(PROFILE);
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    plan.setIntent(CarePlan.CarePlanIntent.PLAN);
    plan.addCategory(new CodeableConcept(new Coding(P + "/CodeSystem/safety-plan", "safety-plan", "Safety plan")));
    plan.setTitle("My safety plan");
    plan.setSubject(new Reference(patient));
    plan.setEncounter(new Reference(encounter));
    plan.setCreatedElement(new DateTimeType(OffsetDateTime.now().minusMinutes(30).toString()));
    if (replaces != null) {
      plan.addReplaces(new Reference(replaces));
    }
    Extension agreement = plan.addExtension().setUrl(P + "/StructureDefinition/safety-plan-agreement");
    agreement.addExtension("date", new DateTimeType(OffsetDateTime.now().minusMinutes(5).toString()));
    agreement.addExtension("method", new Coding(P + "/CodeSystem/safety-plan", "agreed-in-person", "Agreed in person"));
    agreement.addExtension("recordedBy", new Reference("Practitioner/demo-nurse-willow"));
    plan.addExtension(P + "/StructureDefinition/safety-plan-review-due", new DateType(reviewDue.toString()));
    entry(plan, patient, "warning-signs", "My warning signs", "When I stop answering my phone and stay in bed");
    entry(plan, patient, "professionals-services", "Professionals and services I can contact, including 24-hour crisis lines",
        "Samaritans 116 123, any time");
    return plan;
  }

  private static void entry(CarePlan plan, String patient, String code, String display, String words) {
    CarePlan.CarePlanActivityComponent activity = plan.addActivity();
    activity.setId("e-" + code);
    activity.addExtension(P + "/StructureDefinition/safety-plan-entry-author", new Reference(patient));
    activity.getDetail().setCode(new CodeableConcept(new Coding(P + "/CodeSystem/safety-plan", code, display)))
        .setStatus(CarePlan.CarePlanActivityStatus.INPROGRESS).setDescription(words);
  }

  private static LocalDate inDays(long days) {
    return LocalDate.now(ReviewDue.LONDON).plusDays(days);
  }

  @Test
  void anAgreedPlanGetsExactlyOneReviewTaskDueOnItsReviewDate() {
    String[] admitted = admit();
    LocalDate reviewDue = inDays(60);
    String plan = create(activePlan(admitted[0], admitted[1], reviewDue, null));

    List<JsonNode> tasks = search(REVIEW_TASKS + plan);
    assertThat(tasks).hasSize(1);
    JsonNode task = tasks.get(0);
    assertThat(task.path("meta").path("profile").toString()).contains(P + "/StructureDefinition/parity-safety-plan-review-task");
    assertThat(task.path("status").asText()).isEqualTo("requested");
    assertThat(task.path("intent").asText()).isEqualTo("order");
    assertThat(task.path("businessStatus").path("text").asText()).isEqualTo("due");
    assertThat(task.path("for").path("reference").asText()).isEqualTo(admitted[0]);
    assertThat(task.path("encounter").path("reference").asText()).isEqualTo(admitted[1]);
    assertThat(codes(task.path("reasonCode"))).containsExactly("review-date");
    assertThat(inputs(task)).containsExactly("review-date " + plan);
    assertThat(due(task)).isEqualTo(reviewDue.atStartOfDay(ReviewDue.LONDON).toInstant());
    // The way a ward list finds them.
    assertThat(search("/Task?code=" + P + "/CodeSystem/safety-plan|safety-plan-review&status=requested&patient="
        + admitted[0])).hasSize(1);
  }

  @Test
  void transferLeaveAndDischargeAddTheirReasonsToTheSameTaskAndBringItForward() {
    String[] admitted = admit();
    String plan = create(activePlan(admitted[0], admitted[1], inDays(60), null));
    String task = "Task/" + search(REVIEW_TASKS + plan).get(0).path("id").asText();

    // Transfer to another ward, recorded as having happened 2 h ago: due 22 h from now.
    String cedar = create(Fixtures.ward("SC" + UUID.randomUUID().toString().substring(0, 3), "Another ward"));
    Instant transferred = Instant.now().minusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Encounter stay = readEncounter(admitted[1]);
    stay.getLocationFirstRep().setStatus(Encounter.EncounterLocationStatus.COMPLETED).getPeriod()
        .setEnd(Date.from(transferred));
    stay.addLocation().setLocation(new Reference(cedar)).setStatus(Encounter.EncounterLocationStatus.ACTIVE)
        .setPhysicalType(new CodeableConcept(new Coding(Fixtures.PHYSICAL_TYPE, "wa", "Ward")))
        .getPeriod().setStart(Date.from(transferred));
    update(stay);
    JsonNode afterTransfer = read(task);
    assertThat(search(REVIEW_TASKS + plan + "&status=requested")).hasSize(1);
    assertThat(codes(afterTransfer.path("reasonCode"))).containsExactly("review-date", "transfer");
    assertThat(afterTransfer.path("reasonCode").path("text").asText())
        .isEqualTo("Review date reached; Transfer to another ward");
    assertThat(inputs(afterTransfer)).containsExactly("review-date " + plan, "transfer " + admitted[1]);
    assertThat(due(afterTransfer)).isEqualTo(transferred.plus(Duration.ofHours(24)));

    // Leave now: due 24 h from now, later than the transfer's, so the due time stays.
    stay = readEncounter(admitted[1]);
    stay.setStatus(Encounter.EncounterStatus.ONLEAVE);
    update(stay);
    JsonNode afterLeave = read(task);
    assertThat(codes(afterLeave.path("reasonCode"))).containsExactly("review-date", "transfer", "leave");
    assertThat(due(afterLeave)).isEqualTo(transferred.plus(Duration.ofHours(24)));

    // Discharged from leave, recorded as 3 h ago: due 21 h from now, sooner again.
    Instant discharged = Instant.now().minusSeconds(3 * 3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    stay = readEncounter(admitted[1]);
    stay.setStatus(Encounter.EncounterStatus.FINISHED);
    stay.getPeriod().setEnd(Date.from(discharged));
    update(stay);
    JsonNode afterDischarge = read(task);
    assertThat(codes(afterDischarge.path("reasonCode"))).containsExactly("review-date", "transfer", "leave", "discharge");
    assertThat(due(afterDischarge)).isEqualTo(discharged.plus(Duration.ofHours(24)));
    assertThat(afterDischarge.path("status").asText()).isEqualTo("requested");
    assertThat(search(REVIEW_TASKS + plan)).hasSize(1);
  }

  @Test
  void transitionsOfAPatientWithoutAnActivePlanMakeNoReviewTask() {
    String[] admitted = admit();
    Encounter stay = readEncounter(admitted[1]);
    stay.setStatus(Encounter.EncounterStatus.ONLEAVE);
    update(stay);
    assertThat(search("/Task?code=" + P + "/CodeSystem/safety-plan|safety-plan-review&patient=" + admitted[0]))
        .isEmpty();
  }

  @Test
  void aReviewCompletesTheTaskWithThePlanAndOpensTheNextAtTheNewDate() {
    String[] admitted = admit();
    String plan = create(activePlan(admitted[0], admitted[1], inDays(30), null));
    String first = "Task/" + search(REVIEW_TASKS + plan).get(0).path("id").asText();

    CarePlan reviewed = readPlan(plan);
    LocalDate next = inDays(90);
    reviewed.getExtensionByUrl(P + "/StructureDefinition/safety-plan-review-due").setValue(new DateType(next.toString()));
    Extension review = reviewed.addExtension().setUrl(P + "/StructureDefinition/safety-plan-reviewed");
    review.addExtension("date", new DateTimeType(OffsetDateTime.now().toString()));
    review.addExtension("by", new Reference("Practitioner/demo-nurse-willow"));
    review.addExtension("note", new StringType("Reviewed together; nothing to change"));
    update(reviewed);

    JsonNode done = read(first);
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("businessStatus").path("text").asText()).isEqualTo("completed");
    assertThat(done.path("output").get(0).path("valueReference").path("reference").asText()).isEqualTo(plan);
    List<JsonNode> open = search(REVIEW_TASKS + plan + "&status=requested");
    assertThat(open).hasSize(1);
    assertThat(due(open.get(0))).isEqualTo(next.atStartOfDay(ReviewDue.LONDON).toInstant());
  }

  @Test
  void aNewVersionCompletesTheReplacedPlansTaskAndGetsItsOwn() {
    String[] admitted = admit();
    String old = create(activePlan(admitted[0], admitted[1], inDays(30), null));
    String oldTask = "Task/" + search(REVIEW_TASKS + old).get(0).path("id").asText();

    String revision = create(activePlan(admitted[0], admitted[1], inDays(45), old));
    // The server revokes the replaced plan in the same transaction (SafetyPlanRules): its Task must not be cancelled.
    assertThat(read(old).path("status").asText()).isEqualTo("revoked");

    JsonNode completed = read(oldTask);
    assertThat(completed.path("status").asText()).as("completed by the new version, not cancelled").isEqualTo("completed");
    assertThat(completed.path("output")).hasSize(1);
    assertThat(completed.path("output").get(0).path("valueReference").path("reference").asText()).isEqualTo(revision);
    assertThat(search(REVIEW_TASKS + old + "&status=requested")).isEmpty();
    List<JsonNode> fresh = search(REVIEW_TASKS + revision);
    assertThat(fresh).hasSize(1);
    assertThat(fresh.get(0).path("status").asText()).isEqualTo("requested");
    assertThat(due(fresh.get(0))).isEqualTo(inDays(45).atStartOfDay(ReviewDue.LONDON).toInstant());
  }

  @Test
  void theReplacedPlansRevocationSeenFirstInOneTransactionStillCompletesItsTask() {
    String[] admitted = admit();
    String old = create(activePlan(admitted[0], admitted[1], inDays(30), null));
    String oldTask = "Task/" + search(REVIEW_TASKS + old).get(0).path("id").asText();
    CarePlan draft = activePlan(admitted[0], admitted[1], inDays(45), old);
    draft.setStatus(CarePlan.CarePlanStatus.DRAFT);
    String revision = create(draft);

    // The two writes of one transaction, the replaced plan's revocation first: the hooks as the storage layer calls them.
    CarePlan active = readPlan(old);
    CarePlan revoked = readPlan(old).setStatus(CarePlan.CarePlanStatus.REVOKED);
    CarePlan before = readPlan(revision);
    CarePlan agreed = readPlan(revision).setStatus(CarePlan.CarePlanStatus.ACTIVE);
    new TransactionTemplate(transactions).executeWithoutResult(tx -> {
      triggers.updated(active, revoked);
      triggers.updated(before, agreed);
    });

    JsonNode completed = read(oldTask);
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(completed.path("output").get(0).path("valueReference").path("reference").asText()).isEqualTo(revision);
    assertThat(search(REVIEW_TASKS + revision + "&status=requested")).hasSize(1);
  }

  @Test
  void aPlanEnteredInErrorCancelsItsTask() {
    String[] admitted = admit();
    String plan = create(activePlan(admitted[0], admitted[1], inDays(30), null));
    String task = "Task/" + search(REVIEW_TASKS + plan).get(0).path("id").asText();

    CarePlan wrong = readPlan(plan);
    wrong.setStatus(CarePlan.CarePlanStatus.ENTEREDINERROR);
    update(wrong);

    JsonNode cancelled = read(task);
    assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.path("businessStatus").path("text").asText()).isEqualTo("cancelled");
    assertThat(cancelled.path("output")).isEmpty();
    assertThat(search(REVIEW_TASKS + plan + "&status=requested")).isEmpty();
  }

  @Test
  void aDraftPlanHasNoReviewTask() {
    String[] admitted = admit();
    CarePlan draft = activePlan(admitted[0], admitted[1], inDays(30), null);
    draft.setStatus(CarePlan.CarePlanStatus.DRAFT);
    String plan = create(draft);
    assertThat(search(REVIEW_TASKS + plan)).isEmpty();
  }

  // HTTP helpers

  private String create(Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(),
        fhirContext.newJsonParser().encodeResourceToString(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return resource.fhirType() + "/" + response.json().path("id").asText();
  }

  /** PUT with If-Match naming the version read (required for safety plans; harmless elsewhere). */
  private void update(Resource resource) {
    String ref = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    Http.Response response = Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + ref))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
        .header("If-Match", "W/\"" + resource.getMeta().getVersionId() + "\"")
        .PUT(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(resource))));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private Encounter readEncounter(String ref) {
    return fhirContext.newJsonParser().parseResource(Encounter.class, Http.get(fhirBase() + "/" + ref).body());
  }

  private CarePlan readPlan(String ref) {
    return fhirContext.newJsonParser().parseResource(CarePlan.class, Http.get(fhirBase() + "/" + ref).body());
  }

  private JsonNode read(String ref) {
    Http.Response response = Http.get(fhirBase() + "/" + ref);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private List<JsonNode> search(String query) {
    Http.Response response = Http.get(fhirBase() + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> found = new ArrayList<>();
    response.json().path("entry").forEach(e -> found.add(e.path("resource")));
    return found;
  }

  private static List<String> codes(JsonNode concept) {
    List<String> codes = new ArrayList<>();
    concept.path("coding").forEach(c -> codes.add(c.path("code").asText()));
    return codes;
  }

  private static List<String> inputs(JsonNode task) {
    List<String> inputs = new ArrayList<>();
    task.path("input").forEach(i -> inputs.add(i.path("type").path("coding").get(0).path("code").asText() + " "
        + i.path("valueReference").path("reference").asText()));
    return inputs;
  }

  private static Instant due(JsonNode task) {
    return OffsetDateTime.parse(task.path("restriction").path("period").path("end").asText()).toInstant();
  }
}
