package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.PrintsPage;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.parity.support.Http;
import org.parity.support.KeycloakServer;
import org.parity.support.SecuredServerTest;

/**
 * The "Safety plan" tab in a real headless Chromium with the real Keycloak: the nurse writes a plan with
 * Patient/demo-willow-01 (entries in the patient's words and one in her own), agrees it with a review date,
 * prints the patient's copy (A4, large type, no risk wording; the printed copy is recorded by $share), then
 * two saves from the same version: the second shows both versions and keeps everything from both.
 * Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyPlanBrowserTest extends SecuredServerTest {

  private static final String PATIENT = "demo-willow-01";
  private static final String NURSE = "nurse.willow";
  private static final String CS = "https://parity-epr.org/fhir/CodeSystem/safety-plan";
  private static final String AUTHOR = "https://parity-epr.org/fhir/StructureDefinition/safety-plan-entry-author";

  private static WardBrowser browser;
  private static String agreedPlanId;

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

  @BeforeEach
  void registerTestOrigin() {
    keycloak().allowWardUiOrigin(port);
  }

  @Test
  @Order(1)
  void aNurseWritesAPlanWithThePatientAgreesItAndPrintsTheirCopy() throws Exception {
    withdrawLivePlans(); // plans other tests left for this patient: this test starts the patient's plan
    warmUp();
    browser.driver.get(baseUrl() + "/ward/#/patient/" + PATIENT + "/safety-plan");
    signIn(NURSE);
    browser.waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
    browser.click("#sp-start");
    browser.waitFor(By.cssSelector("#sp-plan-status[data-status='draft']"));
    assertThat(text("#sp-section-title")).isEqualTo("My warning signs");
    assertThat(text("#sp-section")).contains("How will I know a crisis may be starting?").contains("Part 1 of 8");
    String given = (String) browser.js("return document.querySelector('label[for=sp-who-patient]').textContent.replace(/’s words$/, '')");
    assertThat(browser.driver.findElement(By.id("sp-who-patient")).isSelected()).isTrue();

    // The patient's words, exactly as written (markup stays text), in several parts.
    String warning = "When I stop answering my phone <b>and</b> stay in bed & \"don't eat\"";
    addEntry(warning);
    WebElement first = browser.waitFor(By.cssSelector("#sp-entries li[data-saved='true']"));
    assertThat(first.findElement(By.cssSelector(".sp-entry__words")).getText()).isEqualTo(warning);
    assertThat(first.findElements(By.tagName("b"))).isEmpty();
    assertThat(first.getText()).contains("Written by " + given + " (you)");
    assertThat(text("#sp-save-status")).contains("Saved");
    browser.screenshot("safety-plan-first-entry");

    browser.click("#sp-next");
    assertThat(text("#sp-section-title")).isEqualTo("Things I can do on my own");
    addEntry("Listen to music with headphones");
    waitForSavedEntries(1);

    browser.click("#sp-jump-people-to-ask");
    browser.click("label[for='sp-who-me']");
    addEntry("Ask Wren or another nurse on the ward to sit with me");
    WebElement mine = waitForSavedEntries(1).get(0);
    assertThat(mine.getText()).contains("Written by Wren Ashdown, nurse");
    assertThat(mine.getAttribute("data-author")).isEqualTo("Practitioner/demo-nurse-willow");
    if (!browser.driver.findElements(By.id("sp-who-rp-demo-willow-01-sister")).isEmpty()) {
      browser.click("label[for='sp-who-rp-demo-willow-01-sister']");
      addEntry("Call me, Amara, any time");
      assertThat(waitForSavedEntries(2).get(1).getText()).contains("Amara Nwosu, sister");
    }

    browser.click("#sp-jump-professionals-services");
    addEntry("Crisis line 0800 000 0000, any time day or night");
    waitForSavedEntries(1);
    assertThat(pageText().toLowerCase()).doesNotContain("risk").doesNotContain("score");

    // Agreed with the patient; the review date defaults to three months on.
    browser.click("#sp-agree");
    WebElement due = browser.waitFor(By.id("sp-review-due"));
    LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
    assertThat(due.getAttribute("value")).isEqualTo(today.plusMonths(3).toString());
    browser.click("#sp-agree-confirm");
    browser.waitFor(By.cssSelector("#sp-save-status[data-state='saved']"));
    browser.waitFor(By.cssSelector("#sp-plan-status[data-status='active']"));
    assertThat(text("#sp-save-status")).contains("Agreed and saved");
    assertThat(text("#sp-plan-status")).startsWith("Agreed on").contains("Look at it again together by");
    assertThat(browser.driver.findElements(By.id("sp-add-form"))).isEmpty();
    browser.screenshot("safety-plan-agreed");

    // Over HTTP: one active plan, the entries' authors as chosen.
    JsonNode active = get(token(NURSE), "/CarePlan?subject=Patient/" + PATIENT + "&status=active&category=" + CS + "|safety-plan").json();
    assertThat(active.path("total").asInt()).isEqualTo(1);
    JsonNode plan = active.at("/entry/0/resource");
    agreedPlanId = plan.path("id").asText();
    List<String> authors = new ArrayList<>();
    for (JsonNode a : plan.path("activity")) {
      for (JsonNode e : a.path("extension")) {
        if (AUTHOR.equals(e.path("url").asText())) {
          authors.add(e.at("/valueReference/reference").asText());
        }
      }
    }
    assertThat(authors).contains("Patient/" + PATIENT, "Practitioner/demo-nurse-willow");
    assertThat(plan.path("activity").toString()).contains("When I stop answering my phone");

    // The printed copy: no app chrome, the words and who wrote them, the dates, no risk wording.
    browser.click("#sp-print");
    WebElement sheet = browser.waitFor(By.cssSelector("#sp-sheet[data-state='loaded']"));
    assertThat(browser.driver.findElement(By.cssSelector(".app-header")).isDisplayed()).isFalse();
    String printed = sheet.getText();
    assertThat(printed).contains("My safety plan").contains(warning).contains("Listen to music with headphones")
        .contains("Crisis line 0800 000 0000, any time day or night").contains("Written by " + given + " (you)")
        .contains("Written by Wren Ashdown, nurse").contains("Agreed on").contains("look at it again together by");
    assertThat(printed.toLowerCase()).doesNotContain("risk").doesNotContain("score");
    browser.screenshot("safety-plan-print");

    // In print media: A4 page rule present, body text at least 14pt (18.67px), the buttons gone.
    HasCdp cdp = (HasCdp) browser.driver;
    cdp.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      Number wordsPx = (Number) browser.js("return parseFloat(getComputedStyle(document.querySelector('.sp-sheet__words')).fontSize)");
      Number whoPx = (Number) browser.js("return parseFloat(getComputedStyle(document.querySelector('.sp-sheet__who')).fontSize)");
      assertThat(wordsPx.doubleValue()).isGreaterThanOrEqualTo(18.6);
      assertThat(whoPx.doubleValue()).isGreaterThanOrEqualTo(18.6);
      assertThat(browser.driver.findElement(By.id("sp-print-now")).isDisplayed()).isFalse();
      assertThat((Boolean) browser.js("return [...document.styleSheets].some(s => [...s.cssRules].some(r => r instanceof CSSPageRule"
          + " && /A4/i.test(r.style.getPropertyValue('size'))))")).isTrue();
    } finally {
      cdp.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }

    // Print: the printed copy is recorded ($share to the patient, "Printed copy"), then the browser prints.
    browser.js("window.__printed = 0; window.print = () => { window.__printed++; };");
    browser.click("#sp-print-now");
    WebElement status = browser.waitFor(By.cssSelector("#sp-print-status[data-state='recorded'], #sp-print-status[data-state='not-recorded']"));
    assertThat(status.getAttribute("data-state")).as(status.getText()).isEqualTo("recorded");
    browser.waitForScript("return window.__printed === 1");
    String pdf = ((PrintsPage) browser.driver).print(a4()).getContent();
    byte[] bytes = Base64.getDecoder().decode(pdf);
    assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(bytes.length).isGreaterThan(2000);

    JsonNode shared = get(token(NURSE), "/Communication?subject=Patient/" + PATIENT + "&_count=50").json();
    boolean recorded = false;
    for (JsonNode e : shared.path("entry")) {
      JsonNode c = e.path("resource");
      boolean aboutPlan = c.path("about").toString().contains("CarePlan/" + agreedPlanId);
      if (aboutPlan && "Printed copy".equals(c.at("/medium/0/text").asText())
          && c.at("/recipient/0/reference").asText().endsWith("Patient/" + PATIENT)) {
        recorded = true;
      }
    }
    assertThat(recorded).as("a $share Communication for the printed copy").isTrue();
  }

  @Test
  @Order(2)
  void twoSavesFromTheSameVersionShowBothVersionsAndKeepEverything() throws Exception {
    assertThat(agreedPlanId).as("the plan agreed by the first test").isNotNull();
    browser.driver.get(baseUrl() + "/ward/#/patient/" + PATIENT + "/safety-plan");
    browser.driver.navigate().refresh();
    browser.waitFor(By.cssSelector("#sp-plan-status[data-status='active']"));
    browser.click("#sp-revise");
    browser.waitFor(By.cssSelector("#sp-plan-status[data-status='draft']"));
    assertThat(text("#sp-save-status")).contains("New version started");
    // The revision carries the agreed plan's words and authors.
    assertThat(text("#sp-entries")).contains("When I stop answering my phone");
    JsonNode draft = get(token(NURSE), "/CarePlan?subject=Patient/" + PATIENT + "&status=draft&category=" + CS + "|safety-plan").json()
        .at("/entry/0/resource");
    assertThat(draft.at("/replaces/0/reference").asText()).endsWith("CarePlan/" + agreedPlanId);
    String draftId = draft.path("id").asText();

    // Another tablet saves first, from the same version the page holds.
    ObjectNode other = draft.deepCopy();
    ObjectNode entry = ((ArrayNode) other.withArray("activity")).addObject();
    entry.put("id", "e-othertablet1");
    entry.putArray("extension").addObject().put("url", AUTHOR).putObject("valueReference").put("reference", "Patient/" + PATIENT);
    ObjectNode detail = entry.putObject("detail");
    detail.putObject("code").putArray("coding").addObject().put("system", CS).put("code", "warning-signs");
    detail.put("status", "in-progress");
    detail.put("description", "Not sleeping for two nights");
    Http.Response put = Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/CarePlan/" + draftId))
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + token(NURSE))
        .header("If-Match", "W/\"" + draft.at("/meta/versionId").asText() + "\"")
        .PUT(HttpRequest.BodyPublishers.ofString(other.toString())));
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    // This tablet saves from the stale version: both versions are shown, part by part.
    addEntry("Pacing the corridor at night");
    WebElement merge = browser.waitFor(By.cssSelector("#sp-merge[data-state='open']"));
    assertThat(merge.isDisplayed()).isTrue();
    assertThat(text("#sp-save-status")).contains("Not saved yet");
    assertThat(merge.findElement(By.cssSelector("tr[data-state='only-mine']")).getText()).contains("Pacing the corridor at night");
    assertThat(merge.findElement(By.cssSelector("tr[data-state='only-saved']")).getText()).contains("Not sleeping for two nights");
    browser.screenshot("safety-plan-merge");
    browser.click("#sp-merge-keep-both");
    browser.waitFor(By.cssSelector("#sp-save-status[data-state='saved']"));
    assertThat(text("#sp-save-status")).contains("Both versions kept");
    assertThat(text("#sp-entries")).contains("Pacing the corridor at night").contains("Not sleeping for two nights");

    JsonNode stored = get(token(NURSE), "/CarePlan/" + draftId).json();
    assertThat(stored.path("activity").toString()).contains("Pacing the corridor at night").contains("Not sleeping for two nights")
        .contains("When I stop answering my phone");
    assertThat(ourSevereLogs()).isEmpty();
  }

  @Test
  @Order(3)
  void theSafetyPlanModelMergesAndComparesByEntry() {
    // The pure model, run in the browser as the UI runs it (no Node toolchain in the build).
    browser.driver.get(baseUrl() + "/ward/#/patient/" + PATIENT + "/safety-plan");
    Object result = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "import('./safety-plan-model.js').then(M => {"
            + " let base = M.newPlan({ patientId: 'p1', identifier: 'urn:uuid:1' }); base.id = '1'; base.meta = { versionId: '1' };"
            + " base = M.withEntry(base, { id: 'e-a', section: 'warning-signs', text: 'a', author: { reference: 'Patient/p1' } });"
            + " base = M.withEntry(base, { id: 'e-gone', section: 'warning-signs', text: 'g', author: { reference: 'Patient/p1' } });"
            + " const mine = M.withEntry(base, { id: 'e-a', text: 'mine' });"
            + " const theirs = M.withoutEntry(M.withEntry(base, { id: 'e-a', text: 'theirs' }), 'e-gone');"
            + " const merged = M.mergeKeepBoth(mine, theirs, base, { newId: () => 'e-copy' });"
            + " done({ merged: M.entriesOf(merged).map(e => e.id + '=' + e.text).join(','),"
            + "   states: M.compareVersions(mine, theirs)[0].rows.map(r => r.state).join(','),"
            + "   same: M.sameContent(mine, JSON.parse(JSON.stringify(mine))), differ: M.sameContent(mine, theirs),"
            + "   months: M.addMonths('2026-11-30', 3), labels: M.SECTIONS.map(s => s.title).join('|') });"
            + "}, e => done({ error: String(e) }));");
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) result;
    assertThat(r.get("error")).isNull();
    assertThat(r.get("merged")).isEqualTo("e-a=theirs,e-copy=mine"); // theirs wins, mine alongside; their removal kept
    assertThat(r.get("states")).isEqualTo("changed,only-mine");
    assertThat(r.get("same")).isEqualTo(true);
    assertThat(r.get("differ")).isEqualTo(false);
    assertThat(r.get("months")).isEqualTo("2027-02-28");
    assertThat(((String) r.get("labels")).toLowerCase()).doesNotContain("risk");
  }

  // --- helpers --------------------------------------------------------------------------------

  @Test
  @Order(4)
  void thePatientSignsInAndAddsTheirOwnWordsToTheDraft() {
    // The nurse signs out; the patient signs in on the same tablet and finds the revision drafted by the second test.
    browser.driver.get(baseUrl() + "/ward/#/patient/" + PATIENT + "/safety-plan");
    browser.click("#sign-out-button");
    browser.waitFor(By.id("username"));
    browser.driver.get(baseUrl() + "/ward/#/patient/" + PATIENT + "/safety-plan");
    signIn("patient.willow01");
    browser.waitFor(By.cssSelector("#sp-plan-status[data-status='draft']"));
    assertThat(text(".sp-title")).isEqualTo("My safety plan");
    assertThat(browser.driver.findElements(By.id("sp-agree"))).isEmpty();
    assertThat(browser.driver.findElements(By.id("sp-who-me"))).isEmpty();

    addEntry("My cat, Biscuit, needs feeding");
    browser.waitFor(By.cssSelector("#sp-save-status[data-state='saved']"));
    WebElement mine = browser.waitUntil(ExpectedConditions.presenceOfElementLocated(
        By.xpath("//li[@data-saved='true'][.//p[@class='sp-entry__words' and text()='My cat, Biscuit, needs feeding']]")));
    assertThat(mine.getAttribute("data-author")).isEqualTo("Patient/" + PATIENT);

    // The nurse's words are shown but cannot be changed or removed by the patient.
    browser.click("#sp-jump-people-to-ask");
    WebElement nurses = browser.waitFor(By.cssSelector("#sp-entries li[data-author='Practitioner/demo-nurse-willow']"));
    assertThat(nurses.getText()).contains("Written by Wren Ashdown, nurse");
    assertThat(nurses.findElements(By.cssSelector(".sp-entry__actions"))).isEmpty();
    assertThat(pageText().toLowerCase()).doesNotContain("risk").doesNotContain("score");

    // On the server, the words are attributed to the patient.
    JsonNode draft = get(token(NURSE), "/CarePlan?subject=Patient/" + PATIENT + "&status=draft&category=" + CS
        + "|safety-plan").json().at("/entry/0/resource");
    boolean attributed = false;
    for (JsonNode activity : draft.path("activity")) {
      if (activity.at("/detail/description").asText().equals("My cat, Biscuit, needs feeding")) {
        attributed = activity.path("extension").toString().contains("\"reference\":\"Patient/" + PATIENT + "\"");
      }
    }
    assertThat(attributed).as(draft.toString()).isTrue();
    browser.screenshot("safety-plan-patient");
  }

  /**
   * The first safety plan a fresh server validates loads the profile's terminology; on a loaded CI machine that can
   * take longer than the ward UI's 10-second request timeout. A draft for another patient, sent first, pays it.
   */
  private void warmUp() {
    String draft = "{\"resourceType\":\"CarePlan\",\"status\":\"draft\",\"intent\":\"plan\","
        + "\"category\":[{\"coding\":[{\"system\":\"" + CS + "\",\"code\":\"safety-plan\"}]}],"
        + "\"subject\":{\"reference\":\"Patient/demo-willow-06\"},\"activity\":[{\"detail\":{\"code\":{\"coding\":"
        + "[{\"system\":\"" + CS + "\",\"code\":\"coping-on-my-own\"}]},\"status\":\"in-progress\","
        + "\"description\":\"Walk in the garden\"}}]}";
    Http.Response created = post(token(NURSE), "/CarePlan", draft);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** Safety plans of the patient still in use are withdrawn (entered in error) so this test starts afresh. */
  private void withdrawLivePlans() {
    JsonNode bundle = get(token(NURSE), "/CarePlan?subject=Patient/" + PATIENT + "&category=" + CS + "|safety-plan&_count=100").json();
    for (JsonNode e : bundle.path("entry")) {
      ObjectNode plan = (ObjectNode) e.path("resource");
      String status = plan.path("status").asText();
      if (!status.equals("draft") && !status.equals("active")) {
        continue;
      }
      plan.put("status", "entered-in-error");
      Http.Response answer = Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/CarePlan/" + plan.path("id").asText()))
          .header("Content-Type", "application/fhir+json")
          .header("Authorization", "Bearer " + token(NURSE))
          .header("If-Match", "W/\"" + plan.at("/meta/versionId").asText() + "\"")
          .PUT(HttpRequest.BodyPublishers.ofString(plan.toString())));
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
  }

  private static PrintOptions a4() {
    PrintOptions options = new PrintOptions();
    options.setPageSize(new PageSize(29.7, 21.0));
    options.setBackground(true);
    return options;
  }

  private void signIn(String username) {
    browser.waitFor(By.id("username"));
    assertThat(browser.driver.getCurrentUrl()).startsWith(keycloak().issuer());
    WebElement user = browser.waitFor(By.id("username"));
    user.clear();
    user.sendKeys(username);
    browser.driver.findElement(By.id("password")).sendKeys(KeycloakServer.DEMO_PASSWORD);
    browser.driver.findElement(By.id("kc-login")).click();
  }

  private void addEntry(String words) {
    WebElement box = browser.waitUntil(ExpectedConditions.elementToBeClickable(By.id("sp-new-text")));
    box.clear();
    box.sendKeys(words);
    browser.click("#sp-add");
  }

  /** Wait until the part on screen lists n entries, all saved by the server. */
  private List<WebElement> waitForSavedEntries(int n) {
    browser.waitForScript(
        "const all = document.querySelectorAll('#sp-entries li[data-entry-id]');"
            + "return all.length === arguments[0] && [...all].every(li => li.dataset.saved === 'true')"
            + " && document.querySelector('#sp-save-status').dataset.state === 'saved';", n);
    return browser.driver.findElements(By.cssSelector("#sp-entries li[data-entry-id]"));
  }

  private String pageText() {
    return browser.driver.findElement(By.id("panel-safety-plan")).getText();
  }

  private List<String> ourSevereLogs() {
    return browser.severeLogs().stream().filter(m -> m.contains(baseUrl()))
        // the 412 of the stale save is the server's answer the merge is built on, not an error of the page
        .filter(m -> !m.contains("412") && !m.contains("409")).toList();
  }

  /** The text as shown, read in the page (never a stale element: the tab re-renders after each save). */
  private String text(String css) {
    browser.waitFor(By.cssSelector(css));
    return (String) browser.js("return document.querySelector(arguments[0]).innerText.trim()", css);
  }
}
