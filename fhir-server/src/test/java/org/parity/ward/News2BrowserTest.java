package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.parity.news2.Consciousness;
import org.parity.news2.News2;
import org.parity.news2.News2Parameter;
import org.parity.news2.News2Result;
import org.parity.news2.News2Score;
import org.parity.news2.SpO2Scale;
import org.parity.news2.VitalSigns;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * The "Observations & NEWS2" tab in a real headless Chromium against the real server (security off).
 * The browser's NEWS2 model ({@code ward/news2-model.js}, loaded from the server) is run over every band boundary
 * of every parameter, both SpO2 scales, on air and on oxygen, and compared with {@link News2} (the reference);
 * a nurse types a set and sees the sub-scores and total change while typing, saves it and sees the server's score;
 * a save whose first tries fail is kept with "Try again" and stored exactly once. Screenshots: target/screenshots/.
 */
class News2BrowserTest extends H2ServerTest {

  private static final String UUID_SYSTEM = "urn:ietf:rfc:3986";
  private static final String TOTAL = "http://snomed.info/sct|1104051000000101";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Consciousness> ACVPU = Map.of(
      "alert", Consciousness.ALERT, "new-confusion", Consciousness.NEW_CONFUSION, "voice", Consciousness.VOICE,
      "pain", Consciousness.PAIN, "unresponsive", Consciousness.UNRESPONSIVE);

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

  // ---------------------------------------------------------------------------------------------
  // The browser's model against the Java reference

  /** One set as typed: strings for numbers (parsed by the model as the form does), null = not charted. */
  record Case(String rr, String spo2, Boolean oxygen, String systolic, String pulse, String acvpu, String temp,
      int scale) {

    Case with(String field, String value) {
      return new Case(field.equals("rr") ? value : rr, field.equals("spo2") ? value : spo2, oxygen,
          field.equals("systolic") ? value : systolic, field.equals("pulse") ? value : pulse,
          field.equals("acvpu") ? value : acvpu, field.equals("temp") ? value : temp, scale);
    }

    Case oxygen(Boolean onOxygen) {
      return new Case(rr, spo2, onOxygen, systolic, pulse, acvpu, temp, scale);
    }
  }

  /** Every band boundary (both sides), a value between bands, per parameter; both scales, air and oxygen. */
  private static List<Case> boundaryCases() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    edges.put("rr", values(new int[] {8, 9, 11, 12, 20, 21, 24, 25}, "11.5", "20.5", "24.5", "0", "80"));
    edges.put("systolic", values(new int[] {90, 91, 100, 101, 110, 111, 219, 220}, "100.5", "219.5", "0", "300"));
    edges.put("pulse", values(new int[] {40, 41, 50, 51, 90, 91, 110, 111, 130, 131}, "40.5", "90.5", "130.5", "300"));
    edges.put("spo2", values(new int[] {83, 84, 85, 86, 87, 88, 91, 92, 93, 94, 95, 96, 97}, "91.5", "92.5", "96.5",
        "0", "100"));
    List<String> temps = new ArrayList<>(List.of("34.9", "35.0", "35.1", "35.05", "35.9", "36.0", "36.1", "36.05",
        "37.9", "38.0", "38.1", "38.05", "38.9", "39.0", "39.1", "39.05", "39.2", "20", "45"));
    edges.put("temp", temps);
    edges.put("acvpu", List.of("alert", "new-confusion", "voice", "pain", "unresponsive"));
    List<Case> cases = new ArrayList<>();
    for (int scale : new int[] {1, 2}) {
      for (boolean oxygen : new boolean[] {false, true}) {
        Case base = new Case("16", scale == 1 ? "97" : "90", oxygen, "120", "70", "alert", "37.0", scale);
        cases.add(base);
        edges.forEach((field, list) -> list.forEach(v -> cases.add(base.with(field, v))));
      }
    }
    return cases;
  }

  private static List<String> values(int[] ints, String... more) {
    List<String> list = new ArrayList<>();
    for (int i : ints) {
      list.add(String.valueOf(i));
      list.add(String.valueOf(i - 1));
      list.add(String.valueOf(i + 1));
    }
    list.addAll(List.of(more));
    return list;
  }

  /** Random whole sets (every total reachable), and incomplete ones (each parameter left out, and all). */
  private static List<Case> otherCases() {
    Random random = new Random(20261127L);
    List<Case> cases = new ArrayList<>();
    String[] acvpu = {"alert", "alert", "alert", "new-confusion", "voice", "pain", "unresponsive"};
    for (int i = 0; i < 600; i++) {
      cases.add(new Case(String.valueOf(4 + random.nextInt(30)), String.valueOf(80 + random.nextInt(21)),
          random.nextBoolean(), String.valueOf(70 + random.nextInt(170)), String.valueOf(30 + random.nextInt(130)),
          acvpu[random.nextInt(acvpu.length)], BigDecimal.valueOf(340 + random.nextInt(70), 1).toPlainString(),
          1 + random.nextInt(2)));
    }
    Case full = new Case("22", "95", false, "105", "95", "alert", "37.5", 1);
    cases.add(full.with("rr", null));
    cases.add(full.with("spo2", null));
    cases.add(full.oxygen(null));
    cases.add(full.with("systolic", null));
    cases.add(full.with("pulse", null));
    cases.add(full.with("acvpu", null));
    cases.add(full.with("temp", null));
    cases.add(new Case(null, null, null, null, null, null, null, 2));
    cases.add(new Case("7", null, true, null, "140", null, null, 1));
    return cases;
  }

  private static BigDecimal number(String text) {
    return text == null ? null : new BigDecimal(text);
  }

  private static ObjectNode java(Case c) {
    VitalSigns signs = new VitalSigns(number(c.rr()), number(c.spo2()), c.oxygen(), number(c.systolic()),
        number(c.pulse()), c.acvpu() == null ? null : ACVPU.get(c.acvpu()), number(c.temp()),
        c.scale() == 2 ? SpO2Scale.SCALE_2 : SpO2Scale.SCALE_1);
    ObjectNode out = JSON.createObjectNode();
    News2Result result = News2.score(signs);
    if (result instanceof News2Result.Incomplete incomplete) {
      out.put("complete", false);
      ArrayNode missing = out.putArray("missing");
      incomplete.missing().forEach(p -> missing.add(key(p)));
      out.put("text", incomplete.text());
      return out;
    }
    News2Score score = ((News2Result.Scored) result).score();
    out.put("complete", true);
    out.put("total", score.total());
    out.put("red", score.red());
    out.put("response", score.response().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    out.put("band", score.response().band().text());
    out.put("monitoring", score.response().monitoring());
    out.put("text", score.response().text());
    ObjectNode sub = out.putObject("sub");
    for (News2Parameter p : News2Parameter.values()) {
      sub.put(key(p), score.subScore(p));
    }
    return out;
  }

  private static String key(News2Parameter p) {
    return p.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Test
  void theBrowsersNews2AgreesWithTheJavaReferenceOnEveryBoundary() throws IOException {
    List<Case> cases = new ArrayList<>(boundaryCases());
    cases.addAll(otherCases());
    assertThat(cases).hasSizeGreaterThan(1000);
    browser.driver.get(baseUrl() + "/ward/");
    String input = JSON.writeValueAsString(cases);
    String output = (String) ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "import('/ward/news2-model.js').then((m) => {"
            + "  const cases = JSON.parse(arguments[0]);"
            + "  done(JSON.stringify(cases.map((c) => {"
            + "    const r = m.score({ respirationRate: m.parseNumber(c.rr), spo2: m.parseNumber(c.spo2),"
            + "      onOxygen: c.oxygen, systolic: m.parseNumber(c.systolic), pulse: m.parseNumber(c.pulse),"
            + "      consciousness: c.acvpu, temperature: m.parseNumber(c.temp) }, c.scale);"
            + "    return r.complete"
            + "      ? { complete: true, total: r.total, red: r.red, response: r.response, band: r.band,"
            + "          monitoring: r.monitoring, text: r.text, sub: r.sub }"
            + "      : { complete: false, missing: r.missing, text: r.text };"
            + "  })));"
            + "}).catch((e) => done('ERROR ' + e));",
        input);
    assertThat(output).doesNotStartWith("ERROR");
    JsonNode browserResults = JSON.readTree(output);
    assertThat(browserResults.size()).isEqualTo(cases.size());
    List<String> disagreements = new ArrayList<>();
    int scale2Oxygen = 0;
    for (int i = 0; i < cases.size(); i++) {
      ObjectNode expected = java(cases.get(i));
      if (!expected.equals(browserResults.get(i))) {
        disagreements.add(cases.get(i) + "\n  Java:    " + expected + "\n  browser: " + browserResults.get(i));
      }
      if (cases.get(i).scale() == 2 && Boolean.TRUE.equals(cases.get(i).oxygen())) {
        scale2Oxygen++;
      }
    }
    assertThat(scale2Oxygen).isGreaterThan(100);
    assertThat(disagreements).as("the browser's NEWS2 disagrees with org.parity.news2.News2 on %d of %d sets:%n%s",
        disagreements.size(), cases.size(), String.join("\n", disagreements.stream().limit(20).toList())).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The tab

  record Admission(String patientId, String encounterId) {}

  private Admission admit(String family) {
    String suffix = Fixtures.unique().substring(0, 6);
    String wardId = client().create().resource(Fixtures.ward("NU" + suffix.toUpperCase(), "NEWS2 ward " + suffix))
        .execute().getId().getIdPart();
    String patientId = client().create().resource(Fixtures.patient(Fixtures.nhsNumber(), family)).execute()
        .getId().getIdPart();
    Encounter admission = Fixtures.inpatientEncounter("Patient/" + patientId, "Location/" + wardId);
    String encounterId = client().create().resource(admission).execute().getId().getIdPart();
    return new Admission(patientId, encounterId);
  }

  private void openObservations(String patientId) {
    browser.driver.get(baseUrl() + "/ward/#/patient/" + patientId + "/observations");
    browser.driver.navigate().refresh(); // a fresh page, whatever the previous test left behind
    browser.waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
    browser.waitFor(By.cssSelector("#news2-chart-section[data-state='loaded']"));
    browser.waitForScript("return !document.querySelector('#news2-save').disabled");
  }

  private void type(String id, String text) {
    browser.driver.findElement(By.id(id)).sendKeys(text);
  }

  private String score(String key) {
    return browser.driver.findElement(By.id("news2-score-" + key)).getAttribute("data-score");
  }

  private String text(String css) {
    return browser.driver.findElement(By.cssSelector(css)).getText();
  }

  private List<JsonNode> totals(String patientId) {
    JsonNode bundle = Http.get(fhirBase() + "/Observation?code=" + TOTAL + "&subject=Patient/" + patientId).json();
    List<JsonNode> list = new ArrayList<>();
    bundle.path("entry").forEach(e -> list.add(e.path("resource")));
    return list;
  }

  private int count(String query) {
    return Http.get(fhirBase() + "/" + query + (query.contains("?") ? "&" : "?") + "_summary=count").json()
        .path("total").asInt();
  }

  @Test
  void aNurseTypesASetSeesItScoredSavesItAndSeesTheServersScoreOnTheChart() throws IOException {
    Admission a = admit("Newsform");
    openObservations(a.patientId());
    assertThat(browser.driver.findElement(By.id("news2-scale")).getAttribute("data-scale")).isEqualTo("1");
    assertThat(browser.driver.findElement(By.id("news2-live")).getAttribute("data-state")).isEqualTo("incomplete");

    // Sub-scores change as the nurse types: "2" is a respiration rate of 2 (3), "22" scores 2.
    type("news2-rr", "2");
    browser.waitForScript("return document.getElementById('news2-score-respiration-rate').dataset.score === '3'");
    type("news2-rr", "2");
    browser.waitForScript("return document.getElementById('news2-score-respiration-rate').dataset.score === '2'");
    type("news2-spo2", "95");
    assertThat(score("spo2")).isEqualTo("1");
    assertThat(text("#news2-total")).contains("Running total 3 so far");
    browser.click("label[for='news2-o2-air']");
    assertThat(score("air-or-oxygen")).isEqualTo("0");
    type("news2-systolic", "105");
    type("news2-diastolic", "70");
    type("news2-pulse", "85");
    browser.click("label[for='news2-acvpu-alert']");
    assertThat(text("#news2-missing")).isEqualTo("Still to record: temperature.");
    type("news2-temp", "37.5");
    assertThat(List.of(score("systolic-bp"), score("pulse"), score("consciousness"), score("temperature")))
        .containsExactly("1", "0", "0", "0");
    WebElement live = browser.driver.findElement(By.id("news2-live"));
    assertThat(live.getAttribute("data-state")).isEqualTo("complete");
    assertThat(live.getAttribute("data-total")).isEqualTo("4");
    assertThat(live.getText()).contains("NEWS2 4").contains("Ward-based response. Minimum 4–6-hourly.")
        .contains("Inform the registered nurse, who must assess the patient.");
    // A typing error is shown at once and is not scored.
    type("news2-pulse", "0"); // 850
    browser.waitForScript("return !document.getElementById('news2-pulse-error').hidden");
    assertThat(text("#news2-pulse-error")).contains("850 is not possible");
    assertThat(live.getAttribute("data-state")).isEqualTo("incomplete");
    browser.driver.findElement(By.id("news2-pulse")).sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
    browser.waitForScript("return document.getElementById('news2-live').dataset.total === '4'");
    browser.screenshot("news2-form-typed-portrait");

    int before = totals(a.patientId()).size();
    browser.click("#news2-save");
    browser.waitFor(By.cssSelector("#news2-save-status[data-state='saved']"));
    WebElement result = browser.waitFor(By.cssSelector("#news2-result[data-state='scored']"));
    assertThat(result.getAttribute("data-total")).isEqualTo("4");
    assertThat(result.getAttribute("data-differs")).isEqualTo("false");
    assertThat(result.getText()).contains("NEWS2 4").contains("Ward-based response");

    // The server's NEWS2 Observation: one more, the same score, from this set.
    List<JsonNode> after = totals(a.patientId());
    assertThat(after).hasSize(before + 1);
    JsonNode total = after.stream().filter(o -> o.path("id").asText().equals(result.getAttribute("data-observation-id")))
        .findFirst().orElseThrow();
    assertThat(total.at("/valueQuantity/value").asInt()).isEqualTo(4);
    assertThat(total.path("derivedFrom").size()).isEqualTo(7);
    assertThat(total.at("/encounter/reference").asText()).endsWith("Encounter/" + a.encounterId());
    JsonNode rr = Http.get(fhirBase() + "/" + total.at("/derivedFrom/0/reference").asText()).json();
    assertThat(rr.at("/category/0/coding/0/code").asText()).isEqualTo("vital-signs");
    assertThat(rr.at("/effectiveDateTime").asText()).matches(".*T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})");
    assertThat(rr.at("/identifier/0/system").asText()).isEqualTo(UUID_SYSTEM);

    // The next set is due in 4 hours (total 1–4), and the chart shows the set and its score.
    browser.waitForScript("return document.getElementById('news2-due').dataset.state === 'due'");
    assertThat(text("#news2-due")).startsWith("Next observations due");
    browser.waitFor(By.cssSelector("#news2-chart circle[data-param='respiration-rate'][data-value='22']"));
    browser.waitFor(By.cssSelector("#news2-chart circle[data-param='total'][data-value='4']"));
    browser.waitFor(By.cssSelector("#news2-chart circle[data-param='consciousness'][data-value='alert']"));
    assertThat((String) browser.js("return document.querySelector('#news2-table td[data-col=total]').textContent"))
        .isEqualTo("4");
    assertThat(browser.driver.findElement(By.id("news2-live")).getAttribute("data-state")).isEqualTo("incomplete");
    assertThat(browser.driver.findElement(By.id("panel-observations")).getText().toLowerCase(Locale.ROOT))
        .doesNotContain("suicid");
    browser.js("window.scrollTo(0, 0)");
    browser.screenshot("news2-saved-portrait");
    browser.js("document.getElementById('news2-chart-section').scrollIntoView()");
    browser.screenshot("news2-chart-portrait");

    // Every visible control in the tab is at least 44 x 44 CSS pixels and has a name.
    @SuppressWarnings("unchecked")
    List<String> small = (List<String>) browser.js(
        "return [...document.querySelectorAll('#panel-observations button, #panel-observations .choice__label,"
            + " #panel-observations input:not([type=radio]), #panel-observations summary')]"
            + ".filter(e => e.offsetParent !== null)"
            + ".filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })"
            + ".map(e => e.id || e.textContent.trim() || e.outerHTML.slice(0, 80));");
    assertThat(small).as("controls smaller than 44px").isEmpty();
    @SuppressWarnings("unchecked")
    List<String> unlabelled = (List<String>) browser.js(
        "return [...document.querySelectorAll('#panel-observations input')]"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
            + ".map(e => e.id || e.outerHTML.slice(0, 80));");
    assertThat(unlabelled).isEmpty();
    browser.setViewport(1280, 800);
    try {
      browser.js("window.scrollTo(0, 0)");
      assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue())
          .isLessThanOrEqualTo(1280);
      browser.screenshot("news2-saved-landscape");
    } finally {
      browser.setViewport(800, 1280);
    }
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  void aSaveThatFailsIsKeptWithTryAgainAndTheRetryStoresExactlyOneSet() {
    Admission a = admit("Newsretry");
    openObservations(a.patientId());
    // Poor Wi-Fi: the first POST never reaches the server; the second reaches it but its answer is lost on the
    // way back; later ones fail too until the test lets them through. Reads go through.
    browser.js(
        "window.__realFetch = window.fetch; window.__posts = 0; window.__letThrough = false;"
            + "window.fetch = (url, options) => {"
            + "  if (options && options.method === 'POST' && !window.__letThrough) {"
            + "    window.__posts += 1;"
            + "    if (window.__posts === 2) return window.__realFetch(url, options).then(() => {"
            + "      throw new TypeError('Failed to fetch'); });"
            + "    return Promise.reject(new TypeError('Failed to fetch'));"
            + "  }"
            + "  return window.__realFetch(url, options);"
            + "};");
    type("news2-rr", "26");
    type("news2-spo2", "93");
    browser.click("label[for='news2-o2-oxygen']");
    type("news2-systolic", "95");
    type("news2-pulse", "120");
    browser.click("label[for='news2-acvpu-voice']");
    type("news2-temp", "38.4");
    // 3 + 2 + 2 + 2 + 2 + 3 + 1
    assertThat(browser.driver.findElement(By.id("news2-live")).getAttribute("data-total")).isEqualTo("15");
    browser.click("#news2-save");

    WebElement waiting = browser.waitFor(By.cssSelector("#news2-pending-list li[data-state='waiting']"));
    assertThat(text("#news2-pending")).contains("Not saved yet — retrying").contains("RR 26");
    assertThat(waiting.findElement(By.cssSelector("button[data-action='retry']")).getText()).isEqualTo("Try again");
    assertThat(browser.driver.findElement(By.id("news2-save-status")).getAttribute("data-state")).isEqualTo("waiting");
    assertThat(text("#news2-save-status")).startsWith("Not saved yet").doesNotContain("Saved:");
    @SuppressWarnings("unchecked")
    List<String> identifiers = (List<String>) browser.js(
        "return JSON.parse(localStorage.getItem('parity.ward.outbox.v1')).find(e => e.kind === 'news2-set')"
            + ".resource.entry.map(e => e.resource.identifier[0].value)");
    assertThat(identifiers).hasSize(7);
    assertThat(count("Observation?identifier=" + UUID_SYSTEM + "|" + identifiers.get(0))).isZero();
    assertThat(totals(a.patientId())).isEmpty();
    browser.screenshot("news2-not-saved-portrait");

    // Try again: this time the set reaches the server but the answer is lost, so it is still shown as not saved.
    if (((Number) browser.js("return window.__posts")).intValue() < 2) {
      browser.click("#news2-pending-list button[data-action='retry']");
    }
    browser.waitForScript("return window.__posts >= 2 && document.querySelector("
        + "'#news2-pending-list li[data-state=\"waiting\"]') !== null");
    assertThat(totals(a.patientId())).hasSize(1);

    // The connection is back: "Try again" sends the same set; the server recognises every reading.
    browser.js("window.__letThrough = true;");
    browser.click("#news2-pending-list button[data-action='retry']");
    browser.waitFor(By.cssSelector("#news2-save-status[data-state='saved']"));
    WebElement result = browser.waitFor(By.cssSelector("#news2-result[data-state='scored']"));
    assertThat(result.getAttribute("data-total")).isEqualTo("15");
    assertThat(result.getText()).contains("Urgent or emergency response");
    browser.waitForScript("return document.getElementById('news2-pending').hidden");
    for (String identifier : identifiers) {
      assertThat(count("Observation?identifier=" + UUID_SYSTEM + "|" + identifier)).as(identifier).isEqualTo(1);
    }
    List<JsonNode> totals = totals(a.patientId());
    assertThat(totals).hasSize(1);
    assertThat(totals.get(0).at("/valueQuantity/value").asInt()).isEqualTo(15);
    // One open next-observations Task and one escalation Flag: the retry derived nothing a second time.
    assertThat(count("Task?encounter=Encounter/" + a.encounterId()
        + "&code=https://parity-epr.org/fhir/CodeSystem/deadline|news2-observations&status=requested")).isEqualTo(1);
    assertThat(count("Flag?patient=Patient/" + a.patientId())).isEqualTo(1);
    browser.screenshot("news2-retried-portrait");
    assertThat(browser.severeLogs()).isEmpty();
  }

  /** RR 16, SpO2 as given, air or oxygen, BP 130/80, pulse 80, alert, 36.8 °C: only SpO2 and oxygen score. */
  private void fullSet(String spo2, boolean oxygen) {
    type("news2-rr", "16");
    type("news2-spo2", spo2);
    browser.click(oxygen ? "label[for='news2-o2-oxygen']" : "label[for='news2-o2-air']");
    type("news2-systolic", "130");
    type("news2-diastolic", "80");
    type("news2-pulse", "80");
    browser.click("label[for='news2-acvpu-alert']");
    type("news2-temp", "36.8");
  }

  @Test
  void anIncompleteSetIsSavedWithNoScoreAndScale2IsUsedOnlyWithThePrescribedTarget() throws IOException {
    Admission a = admit("Newspart");
    openObservations(a.patientId());
    type("news2-rr", "18");
    type("news2-pulse", "72");
    browser.click("#news2-save");
    WebElement result = browser.waitFor(By.cssSelector("#news2-result[data-state='incomplete']"));
    assertThat(text("#news2-result-missing")).isEqualTo("Incomplete NEWS2 set, no score. Not charted: oxygen "
        + "saturation (SpO2), air or oxygen, systolic blood pressure, consciousness (ACVPU), temperature.");
    assertThat(result.getAttribute("data-differs")).isEqualTo("false");
    assertThat(totals(a.patientId())).singleElement()
        .satisfies(o -> assertThat(o.has("valueQuantity")).isFalse());
    browser.waitFor(By.cssSelector("#news2-chart circle[data-param='pulse'][data-value='72']"));

    // A practitioner records a prescribed 88–92% target while this page is open (it still shows scale 1): the
    // server scores on scale 2, and the page shows the server's score and says it differs.
    assertThat(text("#news2-scale")).contains("SpO2 scale 1");
    String practitioner = client().create().resource(new Practitioner().addName(
        new org.hl7.fhir.r4.model.HumanName().setFamily("Chest").addGiven("Dr"))).execute().getId().getIdPart();
    Goal goal = new Goal();
    goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
    goal.setDescription(new CodeableConcept().setText("Target SpO2 88–92%"));
    goal.setSubject(new Reference("Patient/" + a.patientId()));
    goal.setExpressedBy(new Reference("Practitioner/" + practitioner));
    Goal.GoalTargetComponent target = goal.addTarget();
    target.setMeasure(new CodeableConcept(new Coding("http://loinc.org", "2708-6", "Oxygen saturation")));
    target.setDetail(new org.hl7.fhir.r4.model.Range()
        .setLow((Quantity) new Quantity().setValue(88).setUnit("%").setSystem("http://unitsofmeasure.org").setCode("%"))
        .setHigh((Quantity) new Quantity().setValue(92).setUnit("%").setSystem("http://unitsofmeasure.org").setCode("%")));
    client().create().resource(goal).execute();
    fullSet("95", true); // scale 1: 95% scores 1 (+2 oxygen); scale 2 on oxygen: 95% scores 2
    assertThat(browser.driver.findElement(By.id("news2-live")).getAttribute("data-total")).isEqualTo("3");
    browser.click("#news2-save");
    WebElement differs = browser.waitFor(By.cssSelector("#news2-result[data-state='scored'][data-differs='true']"));
    assertThat(differs.getAttribute("data-total")).isEqualTo("4");
    assertThat(text("#news2-result-total")).isEqualTo("NEWS2 4 (SpO2 scale 2)");
    assertThat(text("#news2-result-differs")).startsWith("The server’s score (4) differs from the one this tablet "
        + "showed (3). The server’s score is the one recorded");
    browser.screenshot("news2-server-differs-portrait");
    browser.waitFor(By.cssSelector("#news2-scale[data-scale='2']")); // looked again after the difference

    // A fresh page knows the target from the start: the form says so and scores SpO2 on scale 2.
    openObservations(a.patientId());
    browser.waitFor(By.cssSelector("#news2-scale[data-scale='2']"));
    assertThat(text("#news2-scale")).contains("SpO2 scale 2");
    type("news2-rr", "16");
    type("news2-spo2", "95");
    browser.click("label[for='news2-o2-air']");
    assertThat(score("spo2")).isEqualTo("0"); // scale 2, 95% on air
    browser.click("label[for='news2-o2-oxygen']");
    assertThat(score("spo2")).isEqualTo("2"); // scale 2, 95% on oxygen
    type("news2-systolic", "130");
    type("news2-pulse", "80");
    browser.click("label[for='news2-acvpu-alert']");
    type("news2-temp", "36.8");
    assertThat(browser.driver.findElement(By.id("news2-live")).getAttribute("data-total")).isEqualTo("4");
    browser.screenshot("news2-scale2-portrait");
    browser.click("#news2-save");
    WebElement scored = browser.waitFor(By.cssSelector("#news2-result[data-state='scored']"));
    assertThat(scored.getAttribute("data-total")).isEqualTo("4");
    assertThat(scored.getAttribute("data-differs")).isEqualTo("false");
    assertThat(scored.getText()).contains("(SpO2 scale 2)");
    assertThat(Files.size(browser.screenshot("news2-scale2-saved-portrait"))).isPositive();
    assertThat(browser.severeLogs()).isEmpty();
  }
}
