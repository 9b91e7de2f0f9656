package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;

/**
 * Signing in to the ward UI with security on: the real Keycloak login page in headless Chromium
 * (authorization code + PKCE), the nurse's header, ward narrowing, a session that ends while an entry
 * is waiting (kept, then saved once after signing in again in a popup), and break-glass access.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInBrowserTest extends SecuredServerTest {

  private static final String NURSE = "nurse.willow";

  /** Patient ids the user holds a break-glass grant for, as an auditor sees them. */
  private Set<String> breakGlassPatients(String username) {
    Http.Response grants = Http.get(fhirBase() + "/AuditEvent?_count=200&altid=" + username
        + "&subtype=https://parity-epr.org/fhir/CodeSystem/audit-subtype|break-glass", bearer(token("auditor.sam")));
    assertThat(grants.status()).isEqualTo(200);
    Set<String> ids = new java.util.HashSet<>();
    for (JsonNode entry : grants.json().path("entry")) {
      for (JsonNode entity : entry.path("resource").path("entity")) {
        String ref = entity.path("what").path("reference").asText();
        if (ref.startsWith("Patient/")) {
          ids.add(ref.substring("Patient/".length()));
        }
      }
    }
    return ids;
  }
  private static final String TOKENS_KEY = "parity.ward.auth.tokens.v1";
  private static final String OUTBOX_KEY = "parity.ward.outbox.v1";

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

  @BeforeEach
  void registerTestOrigin() {
    keycloak().allowWardUiOrigin(port);
  }

  @Test
  @Order(1)
  void aNurseSignsInThroughKeycloakAndSeesHerWardOnly() {
    browser.driver.get(baseUrl() + "/ward/#/");
    signInOnKeycloakPage(NURSE);

    WebElement name = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
    assertThat(name.getText()).isEqualTo("Wren Ashdown");
    assertThat(text("#user-roles")).isEqualTo("Nurse");
    browser.waitForScript("return document.querySelector('#user-wards').textContent === 'Willow Ward'");
    assertThat(browser.driver.findElement(By.id("sign-out-button")).isDisplayed()).isTrue();
    // The code and state are gone from the address; tokens only in sessionStorage.
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
    assertThat((String) browser.js("return sessionStorage.getItem(arguments[0])", TOKENS_KEY)).contains("access_token");
    assertThat((String) browser.js("return JSON.stringify(localStorage)")).doesNotContain("access_token").doesNotContain("refresh_token");

    // One ward: the nurse lands on it, and sees its patients.
    browser.waitForScript("return location.hash.startsWith('#/ward/')");
    browser.waitFor(By.cssSelector("#inpatients[data-state='loaded']"));
    List<String> patients = patientIds();
    // Willow's demo patients, and none of Cedar's (other tests in this context may admit more to Willow).
    assertThat(patients).contains("demo-willow-01", "demo-willow-10").noneMatch(id -> id.startsWith("demo-cedar-"));
    assertThat(browser.js("return document.getElementById('inpatients').dataset.wardId")).isNotNull();
    browser.screenshot("sign-in-nurse-ward");

    // Cedar Ward's list is narrowed to the Cedar patients she holds a break-glass grant for (other tests in
    // this shared context may have granted some), and nobody else.
    Set<String> granted = breakGlassPatients(NURSE);
    String cedar = cedarWardId();
    browser.driver.get(baseUrl() + "/ward/#/ward/" + cedar);
    browser.waitFor(By.cssSelector("#inpatients[data-state='loaded'][data-ward-id='" + cedar + "']"));
    assertThat(patientIds()).allMatch(granted::contains);
    if (granted.stream().noneMatch(id -> id.startsWith("demo-cedar-"))) {
      assertThat(text("#inpatients tbody")).contains("There are no current inpatients");
    }
    assertThat(ourSevereLogs()).isEmpty();
  }

  @Test
  @Order(2)
  void whenTheSessionEndsTheEntryAndTheFormAreKeptAndSavedAfterSigningInAgain() {
    String patientId = "demo-willow-01";
    browser.driver.get(baseUrl() + "/ward/#/patient/" + patientId + "/fluids");
    browser.waitFor(By.cssSelector("#fluid-day[data-state='loaded'][aria-busy='false']"));
    browser.waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));

    // The session ends (the tokens are gone), then the nurse charts 200 mL and starts typing another.
    browser.js("sessionStorage.removeItem(arguments[0])", TOKENS_KEY);
    String before = browser.driver.getCurrentUrl();
    browser.click("#intake-form button[data-volume='200']");
    browser.click("#intake-save");
    WebElement banner = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("session-banner")));
    assertThat(banner.getText()).contains("Your session has ended — sign in again").contains("1 chart entry is kept");
    WebElement waiting = browser.waitFor(By.cssSelector("#fluid-outbox-list li[data-state='waiting']"));
    String identifier = waiting.getAttribute("data-identifier");
    assertThat(identifier).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat((String) browser.js("return localStorage.getItem(arguments[0])", OUTBOX_KEY)).contains(identifier);
    assertThat(browser.driver.findElement(By.id("fluid-save-status")).getAttribute("data-state")).isNotEqualTo("saved");
    WebElement volume = browser.driver.findElement(By.id("intake-volume"));
    volume.sendKeys("350");
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(before); // nothing navigated away
    assertThat(countObservations(identifier)).isZero();
    browser.screenshot("sign-in-session-ended");

    // Sign in again in the popup (Keycloak may still know her: then it closes by itself).
    String main = browser.driver.getWindowHandle();
    Set<String> handlesBefore = browser.driver.getWindowHandles();
    browser.click("#session-sign-in-button");
    String popup = browser.waitUntil(d -> d.getWindowHandles().stream().filter(h -> !handlesBefore.contains(h)).findFirst().orElse(null));
    browser.driver.switchTo().window(popup);
    browser.waitUntil(d -> popupClosed(d, popup) || !d.findElements(By.id("username")).isEmpty()
        || String.valueOf(d.getCurrentUrl()).contains("/ward/signed-in.html"));
    if (!popupClosed(browser.driver, popup) && !browser.driver.findElements(By.id("username")).isEmpty()) {
      fillKeycloakLogin(NURSE);
    }
    browser.driver.switchTo().window(main);

    // The entry is saved once, with the same identifier; the half-typed amount is still there.
    browser.waitFor(By.cssSelector("#fluid-save-status[data-state='saved']"));
    browser.waitForScript("return document.getElementById('session-banner').hidden");
    browser.waitForScript("return localStorage.getItem(arguments[0]) === null", OUTBOX_KEY);
    assertThat(countObservations(identifier)).isEqualTo(1);
    assertThat(browser.driver.findElement(By.id("intake-volume")).getAttribute("value")).isEqualTo("350");
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void aPatientOnAnotherWardIsOpenedWithBreakGlass() {
    // A Cedar patient no other test opens under break-glass.
    String patientId = "demo-cedar-09";
    browser.driver.get(baseUrl() + "/ward/#/patient/" + patientId);
    WebElement panel = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("break-glass")));
    assertThat(panel.getText())
        .contains("This patient is not on your ward")
        .contains("limited time")
        .contains("ward manager and the auditor");
    assertThat(browser.driver.findElement(By.cssSelector("#patient-banner")).getAttribute("data-state")).isEqualTo("forbidden");

    browser.click("#break-glass-confirm"); // no reason yet
    assertThat(browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("break-glass-error"))).getText())
        .contains("at least 10 characters");
    browser.click("#break-glass-suggestion-0");
    assertThat(browser.driver.findElement(By.id("break-glass-reason")).getAttribute("value")).isEqualTo("Emergency response on another ward");
    browser.screenshot("sign-in-break-glass");
    browser.click("#break-glass-confirm");

    browser.waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
    WebElement access = browser.waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("break-glass-banner")));
    assertThat(access.getText()).matches("(?s)Break-glass access until \\d{2}:\\d{2}.*");
    assertThat(browser.driver.findElements(By.id("break-glass"))).isEmpty();
  }

  // --- helpers --------------------------------------------------------------------------------

  private void signInOnKeycloakPage(String username) {
    browser.waitFor(By.id("username"));
    assertThat(browser.driver.getCurrentUrl()).startsWith(keycloak().issuer());
    fillKeycloakLogin(username);
  }

  private void fillKeycloakLogin(String username) {
    WebElement user = browser.waitFor(By.id("username"));
    user.clear();
    user.sendKeys(username);
    browser.driver.findElement(By.id("password")).sendKeys(org.parity.support.KeycloakServer.DEMO_PASSWORD);
    browser.driver.findElement(By.id("kc-login")).click();
  }

  private static boolean popupClosed(WebDriver driver, String handle) {
    return !driver.getWindowHandles().contains(handle);
  }

  @SuppressWarnings("unchecked")
  private List<String> patientIds() {
    return (List<String>) browser.js(
        "return [...document.querySelectorAll('#inpatients tbody tr[data-patient-id]')].map(tr => tr.dataset.patientId)");
  }

  private String cedarWardId() {
    JsonNode bundle = get(token(NURSE), "/Location?name:exact=" + URLEncoder.encode("Cedar Ward", StandardCharsets.UTF_8)).json();
    return bundle.at("/entry/0/resource/id").asText();
  }

  private int countObservations(String identifier) {
    Http.Response answer = get(token(NURSE), "/Observation?identifier="
        + URLEncoder.encode("urn:ietf:rfc:3986|" + identifier, StandardCharsets.UTF_8) + "&_summary=count");
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().path("total").asInt();
  }

  /** Severe console messages from the ward UI itself (Keycloak's pages are not ours to judge). */
  private List<String> ourSevereLogs() {
    return browser.severeLogs().stream().filter(m -> m.contains(baseUrl())).toList();
  }

  private String text(String css) {
    return browser.driver.findElement(By.cssSelector(css)).getText();
  }
}
