package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * The "Fluids & food" tab of the ward UI in a real headless Chromium against the real server (demo
 * hospital): charting an intake, the totals from {@code $fluid-balance}, marking an entry entered in
 * error, and a save that fails on poor Wi-Fi being kept, shown as not saved, retried and stored once.
 * Screenshots go to target/screenshots/ (800x1280 portrait and 1280x800 landscape).
 *
 * <p>Figures are compared on today's chart day; a run that crosses the chart day start (07:00 London)
 * between two readings could see a new, empty day.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FluidChartBrowserTest extends H2ServerTest {

  private static final String DEMO_ID = "https://parity-epr.org/fhir/Id/demo";
  private static final String UUID_SYSTEM = "urn:ietf:rfc:3986";
  private static final String PROFILE_INTAKE = "https://parity-epr.org/fhir/StructureDefinition/parity-fluid-intake";
  private static final String OBSERVATION_CS = "https://parity-epr.org/fhir/CodeSystem/parity-observation";
  private static final String ROUTE_CS = "https://parity-epr.org/fhir/CodeSystem/fluid-intake-route";
  private static final String CATEGORY_CS = "https://parity-epr.org/fhir/CodeSystem/parity-observation-category";

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

  @Test
  @Order(1)
  void anIntakeIsChartedCountedAndMarkedEnteredInError() {
    Admission admission = demoAdmission(0);
    double before = todayIntake(admission.patientId());
    openFluids(admission.patientId());
    assertThat(uiTotal("intake")).isEqualTo(before);

    // One tap on 200 mL; oral is preselected; time is now.
    assertThat(browser.driver.findElement(By.id("intake-route-oral")).isSelected()).isTrue();
    browser.click("#intake-form button[data-volume='200']");
    browser.click("#intake-save");
    assertThat(saveStatusState()).isIn("saving", "saved");
    browser.waitFor(By.cssSelector("#fluid-save-status[data-state='saved']"));
    assertThat(text("#fluid-save-status")).startsWith("Saved: Intake · Oral · 200 mL");

    double after = todayIntake(admission.patientId());
    assertThat(after).isEqualTo(before + 200);
    waitForUiIntake(after);
    assertThat(chartFootIntake()).isEqualTo(after);

    // The stored entry has the contract's shape.
    WebElement entry = newestEntry("intake", "final");
    String identifier = entry.getAttribute("data-identifier");
    assertThat(identifier).matches("urn:uuid:[0-9a-f-]{36}");
    JsonNode stored = onlyObservationWithIdentifier(identifier);
    assertThat(stored.at("/meta/profile/0").asText()).isEqualTo(PROFILE_INTAKE);
    assertThat(stored.at("/status").asText()).isEqualTo("final");
    assertThat(stored.at("/subject/reference").asText()).isEqualTo("Patient/" + admission.patientId());
    assertThat(stored.at("/encounter/reference").asText()).endsWith("Encounter/" + admission.encounterId());
    assertThat(stored.at("/performer/0/display").asText()).isEqualTo("Ward nurse");
    assertThat(stored.at("/effectiveDateTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}");
    assertThat(stored.at("/category/0/coding/0/system").asText()).isEqualTo(CATEGORY_CS);
    assertThat(stored.at("/category/0/coding/0/code").asText()).isEqualTo("fluid-balance");
    assertThat(stored.at("/code/coding/0/system").asText()).isEqualTo(OBSERVATION_CS);
    assertThat(stored.at("/valueQuantity/value").asDouble()).isEqualTo(200);
    assertThat(stored.at("/valueQuantity/code").asText()).isEqualTo("mL");
    JsonNode route = component(stored, "route");
    assertThat(route.at("/valueCodeableConcept/coding/0/system").asText()).isEqualTo(ROUTE_CS);
    assertThat(route.at("/valueCodeableConcept/coding/0/code").asText()).isEqualTo("oral");
    // The hourly chart lists it in its hour.
    assertThat(text("#fluid-chart-table tbody")).contains("Oral 200");

    // Mark it entered in error, with a reason.
    browser.click("#fluid-entry-list li[data-identifier='" + identifier + "'] button[data-action='entered-in-error']");
    WebElement dialog = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("eie-dialog")));
    assertThat(dialog.getText()).contains("Intake · Oral · 200 mL");
    browser.click("#eie-confirm"); // no reason chosen yet: refused in the dialog
    assertThat(browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("eie-error"))).getText())
        .contains("Choose why");
    browser.click("label[for='eie-reason-wrong-details']");
    browser.click("#eie-confirm");
    browser.waitForScript("return document.querySelector('#fluid-entries-status').textContent.startsWith('Marked as entered in error')");

    assertThat(todayIntake(admission.patientId())).isEqualTo(before);
    waitForUiIntake(before);
    assertThat(chartFootIntake()).isEqualTo(before);
    JsonNode corrected = onlyObservationWithIdentifier(identifier);
    assertThat(corrected.at("/status").asText()).isEqualTo("entered-in-error");
    assertThat(corrected.at("/meta/versionId").asText()).isEqualTo("2");
    assertThat(corrected.at("/note/0/text").asText()).contains("Wrong amount or details");
    // Still on the chart, struck through.
    WebElement struck = browser.waitFor(By.cssSelector("#fluid-entry-list li[data-identifier='" + identifier + "']"));
    assertThat(struck.getAttribute("data-status")).isEqualTo("entered-in-error");
    assertThat(struck.findElements(By.cssSelector(".entry__what s"))).hasSize(1);
    assertThat(struck.findElements(By.cssSelector("button[data-action='entered-in-error']"))).isEmpty();

    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  @Order(2)
  void aFailedSaveIsKeptShownRetriedAndStoredOnce() {
    Admission admission = demoAdmission(1);
    double before = todayIntake(admission.patientId());
    openFluids(admission.patientId());

    // Poor Wi-Fi: the first POST never reaches the server; the second reaches it but its answer is
    // lost on the way back; later ones fail again until the page is reloaded. Reads go through.
    browser.js(
        "window.__realFetch = window.fetch; window.__posts = 0;"
            + "window.fetch = (url, options) => {"
            + "  if (options && options.method === 'POST') {"
            + "    window.__posts += 1;"
            + "    if (window.__posts === 2) return window.__realFetch(url, options).then(() => {"
            + "      throw new TypeError('Failed to fetch'); });"
            + "    return Promise.reject(new TypeError('Failed to fetch'));"
            + "  }"
            + "  return window.__realFetch(url, options);"
            + "};");
    browser.click("#intake-form button[data-volume='100']");
    browser.click("#intake-save");

    WebElement waiting =
        browser.waitFor(By.cssSelector("#fluid-outbox-list li[data-state='waiting']"));
    assertThat(browser.driver.findElement(By.id("fluid-outbox")).isDisplayed()).isTrue();
    assertThat(text("#fluid-outbox")).contains("Not saved yet — retrying").contains("Intake · Oral · 100 mL");
    assertThat(saveStatusState()).isEqualTo("waiting");
    assertThat(text("#fluid-save-status")).startsWith("Not saved yet").doesNotContain("Saved:");
    String identifier = waiting.getAttribute("data-identifier");
    assertThat(identifier).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat((String) browser.js("return localStorage.getItem('parity.ward.outbox.v1')")).contains(identifier);
    assertThat(countObservations(identifier)).isZero();
    browser.screenshot("fluids-not-saved-portrait");

    // Retry (the button, or the automatic retry if it comes first): this time the entry reaches the
    // server but the answer is lost, so the tablet still shows it as not saved.
    if (((Number) browser.js("return window.__posts")).intValue() < 2) {
      browser.click("#fluid-outbox-retry");
    }
    browser.waitForScript("return window.__posts >= 2 && document.querySelector("
        + "'#fluid-outbox-list li[data-identifier=\"" + identifier + "\"][data-state=\"waiting\"]') !== null");
    assertThat(saveStatusState()).isEqualTo("waiting");
    assertThat(countObservations(identifier)).isEqualTo(1);

    // The tablet is reloaded: the entry is still kept, is sent again and the server recognises it.
    browser.driver.navigate().refresh();
    browser.waitFor(By.cssSelector("#fluid-save-status[data-state='saved']"));
    assertThat(text("#fluid-save-status")).startsWith("Saved: Intake · Oral · 100 mL");
    browser.waitForScript("return document.querySelector('#fluid-outbox').hidden");
    assertThat(browser.js("return localStorage.getItem('parity.ward.outbox.v1')")).isNull();

    assertThat(countObservations(identifier)).isEqualTo(1);
    double after = todayIntake(admission.patientId());
    assertThat(after).isEqualTo(before + 100);
    waitForUiIntake(after);
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  @Order(3)
  void markingAnEntryChangedElsewhereIsRefusedAndTheChartReloaded() {
    Admission admission = demoAdmission(1);
    openFluids(admission.patientId());
    browser.click("#intake-form button[data-volume='50']");
    browser.click("#intake-save");
    browser.waitFor(By.cssSelector("#fluid-save-status[data-state='saved']"));
    WebElement entry = browser.waitFor(By.cssSelector("#fluid-entry-list li[data-kind='intake'][data-status='final']"));
    String identifier = entry.getAttribute("data-identifier");
    JsonNode stored = onlyObservationWithIdentifier(identifier);
    String id = stored.path("id").asText();

    // Someone else updates the entry (version 2) while this page still holds version 1.
    ObjectNode changed = stored.deepCopy();
    changed.withArray("note").addObject().put("text", "Checked by the nurse in charge");
    Http.Response update = Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/Observation/" + id))
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .header("If-Match", "W/\"" + stored.at("/meta/versionId").asText() + "\"")
        .PUT(HttpRequest.BodyPublishers.ofString(changed.toString())));
    assertThat(update.status()).as(update.body()).isEqualTo(200);

    browser.click("#fluid-entry-list li[data-identifier='" + identifier + "'] button[data-action='entered-in-error']");
    browser.click("label[for='eie-reason-duplicate']");
    browser.click("#eie-confirm");
    browser.waitForScript("return document.querySelector('#fluid-entries-status').dataset.state === 'rejected'");
    assertThat(text("#fluid-entries-status")).startsWith("Not changed: someone else changed this entry");
    JsonNode after = onlyObservationWithIdentifier(identifier);
    assertThat(after.at("/status").asText()).isEqualTo("final");
    assertThat(after.at("/meta/versionId").asText()).isEqualTo("2");

    // The chart was reloaded with version 2, so marking it again now works.
    browser.click("#fluid-entry-list li[data-identifier='" + identifier + "'] button[data-action='entered-in-error']");
    browser.click("label[for='eie-reason-duplicate']");
    browser.click("#eie-confirm");
    browser.waitForScript("return document.querySelector('#fluid-entries-status').textContent.startsWith('Marked as entered in error')");
    assertThat(onlyObservationWithIdentifier(identifier).at("/status").asText()).isEqualTo("entered-in-error");
    // The 412 answer is logged by the browser as a failed load; nothing else may be.
    assertThat(browser.severeLogs()).allMatch(m -> m.contains("412"));
  }

  @Test
  @Order(4)
  void foodWeightHeightAndMustScreeningAreChartedAndSaved() {
    Admission admission = demoAdmission(2);
    double intakeBefore = todayIntake(admission.patientId());
    openFluids(admission.patientId());

    // Lunch, half eaten, with a supplement drink: the supplement counts as fluid intake.
    browser.click("label[for='record-kind-food']");
    browser.click("label[for='food-meal-lunch']");
    browser.driver.findElement(By.id("food-offered")).sendKeys("Cottage pie");
    browser.click("label[for='food-portion-half']");
    browser.driver.findElement(By.id("food-supplement")).sendKeys("Compact supplement");
    browser.click("#food-form button[data-volume='125']");
    browser.click("#food-save");
    browser.waitFor(By.cssSelector("#fluid-save-status[data-state='saved']"));
    assertThat(text("#fluid-save-status")).startsWith("Saved: Food · Lunch · Half eaten");
    assertThat(todayIntake(admission.patientId())).isEqualTo(intakeBefore + 125);
    browser.waitForScript("const cells = document.querySelectorAll('#food-record-table tr[data-meal=lunch] td');"
        + " return cells.length === 3 && cells[2].textContent.includes('Half eaten of Cottage pie');");
    assertThat(text("#food-record-table tr[data-meal='lunch'] td:last-child")).contains("Compact supplement 125 mL");

    browser.click("label[for='record-kind-body']");
    browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("weight-kg"))).sendKeys("61.5");
    browser.driver.findElement(By.id("height-cm")).sendKeys("172");
    browser.click("#body-save");
    browser.waitForScript("const s = document.querySelector('#fluid-save-status');"
        + " return s.dataset.state === 'saved' && s.textContent.includes('Height')");
    browser.waitForScript("return document.querySelector('[data-fact=weight]').textContent.includes('61.5 kg')");

    browser.click("label[for='must-acute-no']");
    browser.click("#must-screen");
    WebElement result = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("must-result")));
    assertThat(result.getText()).contains("MUST score").contains("BMI score");
    browser.click("#must-save");
    browser.waitFor(By.cssSelector("#must-status[data-state='saved']"));
    browser.waitForScript("return document.querySelector('#must-last').textContent.startsWith('Last screening')");

    JsonNode screenings = Http.get(fhirBase() + "/Observation?subject=Patient/" + admission.patientId()
        + "&code=" + OBSERVATION_CS + "|must-screening").json();
    assertThat(screenings.path("total").asInt()).isEqualTo(1);
    JsonNode must = screenings.at("/entry/0/resource");
    assertThat(must.at("/identifier/0/system").asText()).isEqualTo(UUID_SYSTEM);
    assertThat(must.at("/performer/0/display").asText()).isEqualTo("Ward nurse");
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  @Order(5)
  void theWardListShowsFluidAlertCounts() {
    Admission admission = demoAdmission(0);
    browser.driver.get(baseUrl() + "/ward/#/ward/" + admission.wardId());
    browser.driver.navigate().refresh();
    browser.waitFor(By.cssSelector("#inpatients[data-state='loaded']"));
    assertThat(text("#inpatients thead")).contains("Fluids");
    browser.waitForScript("const cells = [...document.querySelectorAll('#inpatients td[data-col=fluids]')];"
        + " return cells.length > 0 && cells.every(c => c.dataset.state && c.dataset.state !== 'loading');");
    List<WebElement> rows = browser.driver.findElements(By.cssSelector("#inpatients tr[data-patient-id]"));
    for (WebElement row : rows) {
      String patientId = row.getAttribute("data-patient-id");
      int alerts = alertsToday(patientId);
      String state = row.findElement(By.cssSelector("td[data-col='fluids']")).getAttribute("data-state");
      if (alerts == 0) {
        assertThat(state).as("patient %s", patientId).isEqualTo("none");
      } else {
        assertThat(state).as("patient %s", patientId).isIn("warning", "urgent");
        assertThat(row.findElement(By.cssSelector("td[data-col='fluids']")).getText()).startsWith(alerts + " alert");
      }
    }
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  @Order(6)
  void tabletScreenshotsAndTouchTargets() throws IOException {
    Admission admission = demoAdmission(2); // charted food, weight, height and MUST above
    try {
      for (Dimension size : List.of(new Dimension(800, 1280), new Dimension(1280, 800))) {
        String orientation = size.getWidth() < size.getHeight() ? "portrait" : "landscape";
        browser.setViewport(size.getWidth(), size.getHeight());
        openFluids(admission.patientId());
        browser.waitFor(By.cssSelector("#fluid-trend"));
        browser.js("window.scrollTo(0, 0)");
        assertThat(Files.size(browser.screenshot("fluids-" + orientation))).isPositive();

        // Nothing is wider than the tablet.
        assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue())
            .isLessThanOrEqualTo(size.getWidth());
        // Every visible control in the tab is at least 44 x 44 CSS pixels and has a name.
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) browser.js(
            "return [...document.querySelectorAll('#panel-fluids button, #panel-fluids .choice__label,"
                + " #panel-fluids input:not([type=radio]), #panel-fluids summary')]"
                + ".filter(e => e.offsetParent !== null)"
                + ".filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })"
                + ".map(e => e.id || e.textContent.trim() || e.outerHTML.slice(0, 80));");
        assertThat(small).as("controls smaller than 44px (%s)", orientation).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) browser.js(
            "return [...document.querySelectorAll('#panel-fluids input, #panel-fluids textarea, #panel-fluids select')]"
                + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
                + ".map(e => e.id || e.outerHTML.slice(0, 80));");
        assertThat(unlabelled).isEmpty();

        browser.js("document.getElementById('fluid-chart').scrollIntoView()");
        browser.screenshot("fluids-chart-" + orientation);
        browser.js("document.getElementById('fluid-trend-section').scrollIntoView()");
        browser.screenshot("fluids-trend-" + orientation);
        browser.js("document.getElementById('food-record').scrollIntoView()");
        browser.screenshot("fluids-food-" + orientation);
      }
    } finally {
      browser.setViewport(800, 1280);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The page

  private void openFluids(String patientId) {
    browser.driver.get(baseUrl() + "/ward/#/patient/" + patientId + "/fluids");
    browser.driver.navigate().refresh(); // a fresh page, whatever the previous test left behind
    browser.waitFor(By.cssSelector("#fluid-day[data-state='loaded'][aria-busy='false']"));
    browser.waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
  }

  private String text(String css) {
    return browser.driver.findElement(By.cssSelector(css)).getText();
  }

  private String saveStatusState() {
    return browser.driver.findElement(By.id("fluid-save-status")).getAttribute("data-state");
  }

  private double uiTotal(String key) {
    return Double.parseDouble(
        browser.driver.findElement(By.cssSelector("#fluid-day-totals [data-total='" + key + "']")).getAttribute("data-value"));
  }

  private double chartFootIntake() {
    return Double.parseDouble(browser.driver
        .findElement(By.cssSelector("#fluid-chart-table tfoot tr[data-total='day'] td[data-col='intake']"))
        .getAttribute("data-value"));
  }

  private void waitForUiIntake(double expected) {
    String value = expected == Math.rint(expected) ? String.valueOf((long) expected) : String.valueOf(expected);
    browser.waitFor(By.cssSelector("#fluid-day-totals [data-total='intake'][data-value='" + value + "']"));
  }

  /** The newest entry of a kind and status in the chart day's list (the list is newest first). */
  private WebElement newestEntry(String kind, String status) {
    return browser.waitFor(By.cssSelector(
        "#fluid-entry-list li[data-kind='" + kind + "'][data-status='" + status + "']"));
  }

  // ---------------------------------------------------------------------------------------------
  // Over the FHIR API

  record Admission(String patientId, String encounterId, String wardId) {}

  /** The n-th demo admission (in-progress, from the demo hospital), by Encounter id. */
  private Admission demoAdmission(int n) {
    JsonNode bundle = Http.get(fhirBase() + "/Encounter?status=in-progress&class=IMP&identifier=" + DEMO_ID
        + "|&_count=100").json();
    List<JsonNode> encounters = new ArrayList<>();
    bundle.path("entry").forEach(e -> encounters.add(e.path("resource")));
    encounters.sort(Comparator.comparingLong(e -> Long.parseLong(e.path("id").asText())));
    assertThat(encounters.size()).as("demo admissions").isGreaterThan(n);
    JsonNode encounter = encounters.get(n);
    String ward = StreamSupport.stream(encounter.path("location").spliterator(), false)
        .filter(l -> l.at("/physicalType/coding/0/code").asText().equals("wa"))
        .map(l -> l.at("/location/reference").asText().replaceAll(".*Location/", ""))
        .findFirst().orElseThrow();
    return new Admission(
        encounter.at("/subject/reference").asText().replaceAll(".*Patient/", ""), encounter.path("id").asText(), ward);
  }

  private JsonNode todayChartDay(String patientId) {
    Http.Response response = Http.get(fhirBase() + "/Patient/" + patientId + "/$fluid-balance");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<JsonNode> days = new ArrayList<>();
    response.json().path("parameter").forEach(p -> {
      if ("day".equals(p.path("name").asText())) {
        days.add(p);
      }
    });
    assertThat(days).isNotEmpty();
    return days.get(days.size() - 1);
  }

  private static JsonNode part(JsonNode parameter, String name) {
    for (JsonNode p : parameter.path("part")) {
      if (name.equals(p.path("name").asText())) {
        return p;
      }
    }
    return null;
  }

  private double todayIntake(String patientId) {
    JsonNode intake = part(todayChartDay(patientId), "intake");
    return intake == null ? 0 : intake.at("/valueQuantity/value").asDouble();
  }

  private int alertsToday(String patientId) {
    int count = 0;
    for (JsonNode p : todayChartDay(patientId).path("part")) {
      if ("alert".equals(p.path("name").asText())) {
        count++;
      }
    }
    return count;
  }

  private int countObservations(String identifier) {
    JsonNode bundle = Http.get(fhirBase() + "/Observation?identifier=" + UUID_SYSTEM + "|" + identifier
        + "&_summary=count").json();
    return bundle.path("total").asInt();
  }

  private JsonNode onlyObservationWithIdentifier(String identifier) {
    JsonNode bundle = Http.get(fhirBase() + "/Observation?identifier=" + UUID_SYSTEM + "|" + identifier).json();
    assertThat(bundle.path("total").asInt()).as("Observations with %s", identifier).isEqualTo(1);
    return bundle.at("/entry/0/resource");
  }

  private static JsonNode component(JsonNode observation, String code) {
    Map<String, JsonNode> byCode = StreamSupport.stream(observation.path("component").spliterator(), false)
        .collect(Collectors.toMap(c -> c.at("/code/coding/0/code").asText(), c -> c, (a, b) -> a));
    assertThat(byCode).containsKey(code);
    return byCode.get(code);
  }
}
