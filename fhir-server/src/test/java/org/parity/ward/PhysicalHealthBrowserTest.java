package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.parity.phr.FhirPhrMapper;
import org.parity.phr.PhrItem;
import org.parity.phr.PhrProgress;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * The "Physical health" tab in a real headless Chromium against the real server (security off): a patient on an
 * antipsychotic is admitted; the nurse records some items, saves, reloads and sees them stored (and over the FHIR
 * API), the review "started" and Lester's suggested actions beside the values it flags; "Save as completed" too
 * early is refused with the server's words naming each missing item (the ECG among them) and nothing is lost; with
 * every item answered or given a reason the review is "completed". A save on a dropped connection is kept, not
 * claimed saved, and stored once when retried. The browser's phr-model.js agrees with the server's PhrProgress.
 * Screenshots go to target/screenshots/.
 */
class PhysicalHealthBrowserTest extends H2ServerTest {

  private static final String ATC = "http://www.whocc.no/atc";
  private static final String UUID_SYSTEM = "urn:ietf:rfc:3986";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WardBrowser browser;

  @BeforeAll
  static void startBrowser() throws IOException {
    browser = WardBrowser.start(800, 1280);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  record Admission(String patientId, String encounterId) {}

  @Test
  void aNurseRecordsTheReviewOverTimeAndCompletesIt() {
    Admission a = admit("Phrform", true);
    openTab(a.patientId());
    assertThat(status()).isEqualTo("not-started");
    assertThat(text("#phr-state")).isEqualTo("Not started");
    // Before the server has looked at the prescriptions the ECG is not counted; the other 13 are missing.
    assertThat(browser.driver.findElement(By.id("phr-missing")).getAttribute("data-count")).isEqualTo("13");
    for (String linkId : List.of("weight", "height", "bmi", "blood-pressure", "pulse", "glucose", "lipids", "smoking",
        "alcohol", "substance-use", "physical-examination", "bloods", "ecg", "diet-activity", "lifestyle-advice")) {
      assertThat(browser.driver.findElements(By.id("phr-group-" + linkId))).as(linkId).hasSize(1);
      if (!linkId.equals("diet-activity")) {
        assertThat(browser.driver.findElements(By.id("phr-" + linkId + "-not-done"))).as(linkId + " reason").hasSize(1);
      }
    }
    assertThat(text("label[for='phr-weight-value']")).isEqualTo("Weight (kg)");
    // The admission's deadlines, from the Tasks the server opened at admission.
    assertThat(text("#phr-deadlines li[data-rule='phr-started'][data-state='due']")).startsWith("Start the review: due by");
    assertThat(text("#phr-deadlines li[data-rule='phr-completed'][data-state='due']")).startsWith("Complete the review: due by");
    assertTouchTargetsAndLabels();
    assertThat(text("#panel-physical-health")).doesNotContain("null").doesNotContain("undefined");
    browser.screenshot("phr-form-empty");

    // --- Some items now: weight and height (BMI 32.9), a high blood pressure, a smoker.
    type("phr-weight-value", "95");
    type("phr-height-value", "170");
    assertThat(text("#phr-bmi-calculated")).contains("32.9");
    type("phr-bp-systolic", "150");
    type("phr-bp-diastolic", "85");
    browser.click("label[for='phr-smoking-status-77176002']");
    browser.click("#phr-save");
    browser.waitFor(By.cssSelector("#phr-save-status[data-state='saved']"));
    assertThat(text("#phr-save-status")).startsWith("Saved");
    browser.waitFor(By.cssSelector("#phr-status[data-state='started']"));

    // --- Lester: each flagged value with its suggested action, beside its item.
    WebElement bmi = browser.waitFor(By.cssSelector("#phr-highlight-bmi .phr-highlight[data-domain='bmi-weight']"));
    assertThat(bmi.getText()).contains("Suggested action").containsIgnoringCase("lifestyle advice");
    assertThat(text("#phr-highlight-blood-pressure .phr-highlight[data-domain='blood-pressure']"))
        .contains("Suggested action").containsIgnoringCase("hypertension");
    assertThat(text("#phr-highlight-smoking .phr-highlight[data-domain='smoking']"))
        .containsIgnoringCase("stop smoking");
    assertThat(browser.driver.findElements(By.cssSelector("#phr-highlight-lipids .phr-highlight"))).isEmpty();
    // The server says the olanzapine makes the ECG required.
    browser.waitFor(By.cssSelector("#phr-missing-list li[data-group='ecg']"));
    assertThat(text("#phr-antipsychotic")).containsIgnoringCase("olanzapine");
    browser.screenshot("phr-started-lester");
    browser.waitFor(By.cssSelector("#phr-deadlines li[data-rule='phr-started'][data-state='done']"));
    assertThat(deadline(a, "phr-started").path("status").asText()).isEqualTo("completed");
    assertThat(deadline(a, "phr-completed").path("status").asText()).isEqualTo("requested");

    // --- Over the FHIR API: one review of this admission, in progress, with what was typed.
    JsonNode stored = onlyReview(a);
    String qrId = stored.path("id").asText();
    assertThat(stored.path("status").asText()).isEqualTo("in-progress");
    assertThat(stored.at("/identifier/system").asText()).isEqualTo(UUID_SYSTEM);
    assertThat(stored.at("/identifier/value").asText()).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat(stored.at("/subject/reference").asText()).endsWith("Patient/" + a.patientId());
    assertThat(stored.at("/author/display").asText()).isEqualTo("Ward nurse");
    JsonNode weight = answer(stored, "weight-value");
    assertThat(weight.at("/valueQuantity/value").asDouble()).isEqualTo(95.0);
    assertThat(weight.at("/valueQuantity/code").asText()).isEqualTo("kg");
    assertThat(answer(stored, "smoking-status").at("/valueCoding/code").asText()).isEqualTo("77176002");

    // --- Reload: what was saved is on the form, and the review stands "started".
    openTab(a.patientId());
    assertThat(status()).isEqualTo("started");
    assertThat(text("#phr-state")).isEqualTo("Started, not completed");
    assertThat(value("phr-weight-value")).isEqualTo("95");
    assertThat(value("phr-bp-systolic")).isEqualTo("150");
    assertThat(browser.driver.findElement(By.id("phr-smoking-status-77176002")).isSelected()).isTrue();
    browser.waitFor(By.cssSelector("#phr-highlight-bmi .phr-highlight"));

    // --- "Save as completed" too early: refused with the server's words, naming the items; nothing is lost.
    type("phr-pulse-value", "72");
    browser.click("#phr-complete");
    browser.waitFor(By.cssSelector("#phr-save-status[data-state='rejected']"));
    String refused = text("#phr-save-status");
    assertThat(refused).startsWith("Not saved").contains("item 'ecg'").contains("item 'glucose'").doesNotContain("Saved:");
    assertThat(browser.driver.findElement(By.id("phr-group-ecg")).getAttribute("data-refused")).isEqualTo("true");
    assertThat(text("#phr-group-ecg .phr-refused")).contains("ECG");
    assertThat(value("phr-pulse-value")).isEqualTo("72");
    assertThat(onlyReview(a).path("status").asText()).isEqualTo("in-progress");
    assertThat(answer(onlyReview(a), "pulse-value").isMissingNode()).isTrue();
    assertThat(text("#panel-physical-health")).doesNotContain("null").doesNotContain("undefined");
    browser.screenshot("phr-refused");
    // The 422 answer is logged by the browser as a failed load; nothing else may be.
    assertThat(browser.severeLogs()).allMatch(m -> m.contains("422"));

    // --- Every other item, answered or with a reason; then completed.
    type("phr-glucose-not-done", "Declined the blood test today");
    type("phr-lipids-not-done", "Declined the blood test today");
    type("phr-alcohol-units", "4");
    browser.click("label[for='phr-substance-use-any-no']");
    type("phr-examination-findings", "No abnormality found");
    type("phr-bloods-not-done", "Declined");
    type("phr-ecg-qtc", "420");
    type("phr-lifestyle-advice-details", "Diet and activity discussed; stop smoking service offered");
    assertThat(browser.driver.findElement(By.id("phr-missing")).getAttribute("data-count")).isEqualTo("0");
    browser.click("#phr-complete");
    browser.waitFor(By.cssSelector("#phr-save-status[data-state='saved']"));
    browser.waitFor(By.cssSelector("#phr-status[data-state='completed']"));
    assertThat(text("#phr-state")).isEqualTo("Completed");
    assertThat(browser.driver.findElements(By.cssSelector("#phr-group-ecg[data-refused]"))).isEmpty();
    JsonNode completed = onlyReview(a);
    assertThat(completed.path("id").asText()).isEqualTo(qrId);
    assertThat(completed.path("status").asText()).isEqualTo("completed");
    assertThat(answer(completed, "ecg-qtc").at("/valueQuantity/value").asDouble()).isEqualTo(420.0);
    assertThat(answer(completed, "glucose-not-done").at("/valueString").asText()).isEqualTo("Declined the blood test today");
    assertThat(answer(completed, "substance-use-any").at("/valueBoolean").asBoolean(true)).isFalse();
    // The completion deadline is met, with the review as its evidence.
    browser.waitFor(By.cssSelector("#phr-deadlines li[data-rule='phr-completed'][data-state='done']"));
    JsonNode completion = deadline(a, "phr-completed");
    assertThat(completion.path("status").asText()).isEqualTo("completed");
    assertThat(completion.at("/output/0/valueReference/reference").asText()).contains("QuestionnaireResponse/" + qrId);
    JsonNode lester = Http.get(fhirBase() + "/QuestionnaireResponse/" + qrId + "/$lester").json();
    assertThat(lester.toString()).contains("\"complete\"").doesNotContain("\"missing\"");
    // The outbox is empty: nothing is waiting.
    assertThat(browser.js("return localStorage.getItem('parity.ward.outbox.v1')")).isNull();
    assertThat(text("#panel-physical-health")).doesNotContain("null").doesNotContain("undefined");
    browser.screenshot("phr-completed");

    // --- Reload: completed, its answers shown, a later change saved as an amendment.
    openTab(a.patientId());
    assertThat(status()).isEqualTo("completed");
    assertThat(text("#phr-save")).isEqualTo("Save changes");
    assertThat(value("phr-ecg-qtc")).isEqualTo("420");
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  void aSaveOnADroppedConnectionIsKeptNotClaimedSavedAndStoredOnce() {
    Admission a = admit("Phrretry", false);
    openTab(a.patientId());
    // Poor Wi-Fi: the first PUT never reaches the server; the second reaches it but its answer is lost; later ones
    // fail too until the test lets them through. Reads go through.
    browser.js(
        "window.__realFetch = window.fetch; window.__puts = 0; window.__letThrough = false;"
            + "window.fetch = (url, options) => {"
            + "  if (options && options.method === 'PUT' && !window.__letThrough) {"
            + "    window.__puts += 1;"
            + "    if (window.__puts === 2) return window.__realFetch(url, options).then(() => {"
            + "      throw new TypeError('Failed to fetch'); });"
            + "    return Promise.reject(new TypeError('Failed to fetch'));"
            + "  }"
            + "  return window.__realFetch(url, options);"
            + "};");
    type("phr-pulse-value", "80");
    type("phr-weight-not-done", "Refused to be weighed");
    browser.click("#phr-save");
    browser.waitFor(By.cssSelector("#phr-save-status[data-state='waiting']"));
    assertThat(text("#phr-save-status")).startsWith("Not saved yet").doesNotContain("Saved:");
    assertThat(reviews(a)).isEmpty();
    assertThat(status()).isEqualTo("not-started");
    assertThat(value("phr-pulse-value")).isEqualTo("80");
    browser.screenshot("phr-not-saved");

    // Try again: the review reaches the server but the answer is lost, so it is still not claimed saved.
    if (((Number) browser.js("return window.__puts")).intValue() < 2) {
      browser.click("#phr-retry");
    }
    browser.waitForScript("return window.__puts >= 2 && document.querySelector("
        + "'#phr-save-status[data-state=\"waiting\"]') !== null");
    assertThat(reviews(a)).hasSize(1);
    assertThat(text("#phr-save-status")).doesNotContain("Saved:");

    // The connection is back: "Try again" writes the same review again under its identifier: still one.
    browser.js("window.__letThrough = true;");
    browser.click("#phr-retry");
    browser.waitFor(By.cssSelector("#phr-save-status[data-state='saved']"));
    browser.waitFor(By.cssSelector("#phr-status[data-state='started']"));
    browser.waitForScript("return document.getElementById('phr-save-actions').hidden");
    assertThat(browser.js("return localStorage.getItem('parity.ward.outbox.v1')")).isNull();
    List<JsonNode> stored = reviews(a);
    assertThat(stored).hasSize(1);
    assertThat(answer(stored.get(0), "pulse-value").at("/valueQuantity/value").asDouble()).isEqualTo(80.0);
    assertThat(answer(stored.get(0), "weight-not-done").at("/valueString").asText()).isEqualTo("Refused to be weighed");

    // A reload shows what the server has.
    openTab(a.patientId());
    assertThat(status()).isEqualTo("started");
    assertThat(value("phr-pulse-value")).isEqualTo("80");
    assertThat(value("phr-weight-not-done")).isEqualTo("Refused to be weighed");
    assertThat(reviews(a)).hasSize(1);
  }

  /**
   * The outbox (outbox.js) with a fake server: a newer version of the review saved while the older one is on its way
   * is not dropped when the older one's answer comes, and is sent next, by a conditional update.
   */
  @Test
  void aNewerSaveMadeWhileTheOlderIsOnItsWayIsSentNotDropped() throws IOException {
    browser.driver.get(baseUrl() + "/ward/");
    String output = (String) ((JavascriptExecutor) browser.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "import('/ward/outbox.js').then(async ({ Outbox }) => {"
            + "  const calls = []; const answers = [];"
            + "  const fhir = { put: (url, body) => new Promise((resolve) => { calls.push({ url, v: body.v });"
            + "    answers.push(() => resolve({ status: 200, body: { resourceType: 'QuestionnaireResponse', v: body.v } })); }) };"
            + "  const outbox = new Outbox({ fhir, storage: null });"
            + "  const events = []; outbox.subscribe((e) => { if (e.type === 'saved') events.push({ v: e.resource.v, latest: e.latest }); });"
            + "  const meta = { patientId: 'p', kind: 'phr-review', label: 'r', url: 'QuestionnaireResponse?identifier=x' };"
            + "  const tick = () => new Promise((r) => setTimeout(r, 20));"
            + "  outbox.add('urn:uuid:1', { resourceType: 'QuestionnaireResponse', v: 1 }, meta); await tick();"
            + "  outbox.add('urn:uuid:1', { resourceType: 'QuestionnaireResponse', v: 2 }, meta); await tick();"
            + "  answers[0](); await tick();"
            + "  const waitingAfterFirst = outbox.entries().map((e) => e.resource.v);"
            + "  answers[1](); await tick();"
            + "  done(JSON.stringify({ calls, events, waitingAfterFirst, left: outbox.entries().length }));"
            + "}).catch((e) => done('ERROR ' + e));");
    assertThat(output).doesNotStartWith("ERROR");
    JsonNode r = JSON.readTree(output);
    assertThat(r.path("calls").toString())
        .isEqualTo("[{\"url\":\"QuestionnaireResponse?identifier=x\",\"v\":1},{\"url\":\"QuestionnaireResponse?identifier=x\",\"v\":2}]");
    assertThat(r.path("waitingAfterFirst").toString()).isEqualTo("[2]");
    assertThat(r.path("events").toString()).isEqualTo("[{\"v\":1,\"latest\":false},{\"v\":2,\"latest\":true}]");
    assertThat(r.path("left").asInt()).isZero();
  }

  /** The browser's completeness (phr-model.js) and the server's PhrProgress agree on the same responses. */
  @Test
  void theBrowsersProgressAgreesWithTheServer() throws IOException {
    browser.driver.get(baseUrl() + "/ward/");
    List<Map<String, Object>> cases = List.of(
        Map.of(),
        Map.of("weight-value", 80, "height-value", 180),
        Map.of("bp-systolic", 120),
        Map.of("bp-systolic", 120, "bp-diastolic", 80, "pulse-value", 60),
        Map.of("substance-use-any", false, "alcohol-details", "None", "fasting-glucose", 5.0),
        Map.of("cvd-risk", 12, "bloods-taken", "2026-01-05T10:00:00+00:00", "smoking-status",
            Map.of("system", "http://snomed.info/sct", "code", "266919005")),
        Map.of("weight-not-done", "Refused", "height-not-done", "Refused", "bmi-not-done", "Refused",
            "blood-pressure-not-done", "Asleep", "pulse-not-done", "Asleep", "glucose-not-done", "Declined",
            "lipids-not-done", "Declined", "smoking-not-done", "Declined", "alcohol-not-done", "Declined",
            "substance-use-not-done", "Declined"),
        Map.of("examination-findings", "NAD", "bloods-details", "FBC", "lifestyle-advice-details", "Given",
            "ecg-qtc", 430, "hdl-cholesterol", 1.1));
    String output = (String) ((JavascriptExecutor) browser.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "Promise.all([import('/ward/phr-model.js'), fetch('/fhir/Questionnaire/physical-health-review',"
            + "  { headers: { Accept: 'application/fhir+json' } }).then((r) => r.json())]).then(([m, q]) => {"
            + "  done(JSON.stringify(JSON.parse(arguments[0]).map((c) => {"
            + "    const answers = new Map(Object.entries(c));"
            + "    const qr = m.buildResponse(q, answers, { identifier: 'urn:uuid:x', patientId: '1', encounterId: '2' });"
            + "    return { qr, with: m.progress(answers, true).missing.map((x) => x.group),"
            + "      without: m.progress(answers, false).missing.map((x) => x.group) };"
            + "  })));"
            + "}).catch((e) => done('ERROR ' + e));",
        JSON.writeValueAsString(cases));
    assertThat(output).doesNotStartWith("ERROR");
    JsonNode results = JSON.readTree(output);
    assertThat(results.size()).isEqualTo(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      JsonNode r = results.get(i);
      QuestionnaireResponse qr = FhirContext.forR4Cached().newJsonParser()
          .parseResource(QuestionnaireResponse.class, r.get("qr").toString());
      for (boolean antipsychotic : new boolean[] {true, false}) {
        List<String> server = new ArrayList<>();
        for (PhrItem item : PhrProgress.missing(FhirPhrMapper.answers(qr), antipsychotic)) {
          server.add(item.linkId());
        }
        List<String> browserMissing = new ArrayList<>();
        r.get(antipsychotic ? "with" : "without").forEach(n -> browserMissing.add(n.asText()));
        assertThat(browserMissing).as("case " + cases.get(i) + " antipsychotic " + antipsychotic).isEqualTo(server);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Admission admit(String family, boolean onAntipsychotic) {
    String suffix = Fixtures.unique().substring(0, 6);
    String wardId = client().create().resource(Fixtures.ward("PH" + suffix.toUpperCase(), "PHR ward " + suffix))
        .execute().getId().getIdPart();
    String patientId = client().create().resource(Fixtures.patient(Fixtures.nhsNumber(), family)).execute()
        .getId().getIdPart();
    Encounter admission = Fixtures.inpatientEncounter("Patient/" + patientId, "Location/" + wardId);
    String encounterId = client().create().resource(admission).execute().getId().getIdPart();
    if (onAntipsychotic) {
      MedicationStatement olanzapine = new MedicationStatement();
      olanzapine.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
      olanzapine.setMedication(new CodeableConcept(new Coding(ATC, "N05AH03", "olanzapine")).setText("Olanzapine"));
      olanzapine.setSubject(new Reference("Patient/" + patientId));
      olanzapine.setContext(new Reference("Encounter/" + encounterId));
      olanzapine.getEffectivePeriod().setStartElement(new DateTimeType(new java.util.Date()));
      client().create().resource(olanzapine).execute();
    }
    return new Admission(patientId, encounterId);
  }

  private void openTab(String patientId) {
    browser.driver.get(baseUrl() + "/ward/#/patient/" + patientId + "/physical-health");
    browser.driver.navigate().refresh(); // a fresh page, whatever the previous test left behind
    browser.waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
    browser.waitFor(By.cssSelector("#phr-form, #phr-form-error"));
    browser.waitFor(By.cssSelector("#phr-form"));
  }

  private List<JsonNode> reviews(Admission a) {
    JsonNode bundle = Http.get(fhirBase() + "/QuestionnaireResponse?encounter=Encounter/" + a.encounterId()).json();
    List<JsonNode> list = new ArrayList<>();
    bundle.path("entry").forEach(e -> list.add(e.path("resource")));
    return list;
  }

  private JsonNode deadline(Admission a, String rule) {
    JsonNode bundle = Http.get(fhirBase() + "/Task?encounter=Encounter/" + a.encounterId()
        + "&code=https://parity-epr.org/fhir/CodeSystem/deadline|" + rule).json();
    assertThat(bundle.path("total").asInt()).as(rule + " Tasks").isEqualTo(1);
    return bundle.at("/entry/0/resource");
  }

  private JsonNode onlyReview(Admission a) {
    List<JsonNode> list = reviews(a);
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  /** The first answer of the item with this linkId, at any depth, or a missing node. */
  private static JsonNode answer(JsonNode items, String linkId) {
    for (JsonNode item : items.path("item")) {
      if (linkId.equals(item.path("linkId").asText())) {
        return item.at("/answer/0");
      }
      JsonNode nested = answer(item, linkId);
      if (!nested.isMissingNode()) {
        return nested;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private String status() {
    return browser.driver.findElement(By.id("phr-status")).getAttribute("data-state");
  }

  private void type(String id, String text) {
    browser.driver.findElement(By.id(id)).sendKeys(text);
  }

  private String value(String id) {
    return browser.driver.findElement(By.id(id)).getAttribute("value");
  }

  private void assertTouchTargetsAndLabels() {
    @SuppressWarnings("unchecked")
    List<String> small = (List<String>) browser.js(
        "return [...document.querySelectorAll('#panel-physical-health button, #panel-physical-health .choice__label,"
            + " #panel-physical-health input:not([type=radio]), #panel-physical-health textarea')]"
            + ".filter(e => e.offsetParent !== null)"
            + ".filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })"
            + ".map(e => e.id || e.textContent.trim() || e.outerHTML.slice(0, 80));");
    assertThat(small).as("controls smaller than 44px").isEmpty();
    @SuppressWarnings("unchecked")
    List<String> unlabelled = (List<String>) browser.js(
        "return [...document.querySelectorAll('#panel-physical-health input, #panel-physical-health textarea')]"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
            + ".map(e => e.id || e.outerHTML.slice(0, 80));");
    assertThat(unlabelled).isEmpty();
    assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(800);
  }

  private String text(String css) {
    return browser.driver.findElement(By.cssSelector(css)).getText();
  }
}
