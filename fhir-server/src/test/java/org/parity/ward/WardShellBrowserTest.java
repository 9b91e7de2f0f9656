package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationComponent;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parity.support.H2ServerTest;

/**
 * The ward UI shell (ward-ui module, served at /ward/) in a real headless Chromium against the
 * real server with the demo hospital: ward list, patient banner and tabs, the connection error.
 *
 * <p>Uses the Debian chromium and chromedriver packages (override with -Dparity.chromium=... and
 * -Dparity.chromedriver=...); Selenium Manager is never asked to download anything because both
 * paths are given explicitly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WardShellBrowserTest extends H2ServerTest {

  private static final String WARD_NAME = "Willow Ward";
  private static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
  private static final Pattern NHS_NUMBER_3_3_4 = Pattern.compile("\\d{3} \\d{3} \\d{4}");
  private static final Duration WAIT = WardBrowser.WAIT;

  private static WardBrowser browser;
  private static WebDriver driver;

  @BeforeAll
  static void startBrowser() throws IOException {
    browser = WardBrowser.start(800, 1280);
    driver = browser.driver;
  }

  private static void setViewport(int width, int height) {
    browser.setViewport(width, height);
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
    browser = null;
    driver = null;
  }

  @Test
  @Order(1)
  void choosingAWardListsItsCurrentInpatients() {
    driver.get(baseUrl() + "/ward/");
    String wardId = willowWardId();

    waitFor(By.id("ward-select"));
    // The list of wards may be redrawn while we look (badges load after it): look again if it was.
    new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> new Select(d.findElement(By.id("ward-select"))).getOptions().stream()
            .anyMatch(o -> WARD_NAME.equals(o.getText())));
    new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> {
          new Select(d.findElement(By.id("ward-select"))).selectByVisibleText(WARD_NAME);
          return true;
        });
    waitForWardLoaded(wardId);

    List<WebElement> rows = patientRows();
    assertThat(rows).isNotEmpty();
    for (WebElement row : rows) {
      String nhsNumber = row.findElement(By.cssSelector("[data-col='nhs-number']")).getText();
      assertThat(nhsNumber).matches(NHS_NUMBER_3_3_4);
    }
    Set<String> shown =
        rows.stream().map(r -> r.getAttribute("data-patient-id")).collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> expected = currentInpatientIds(wardId);
    assertThat(rows).hasSize(expected.size());
    assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);

    // The choice is remembered: opening /ward/ again goes straight to this ward.
    driver.get(baseUrl() + "/ward/");
    waitForWardLoaded(wardId);
    assertThat(driver.getCurrentUrl()).endsWith("#/ward/" + wardId);
    // The ward list reloads after navigation: wait for it rather than read it mid-load.
    new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
        WARD_NAME.equals(new Select(d.findElement(By.id("ward-select"))).getFirstSelectedOption().getText()));

    assertNoBrowserErrors();
  }

  @Test
  @Order(2)
  void aRowOpensThePatientBannerAndTabs() {
    openWillowWard();
    WebElement row = patientRows().get(0);
    String patientId = row.getAttribute("data-patient-id");
    row.findElement(By.cssSelector("[data-col='bed']")).click(); // the whole row is the touch target

    WebElement banner = waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
    assertThat(driver.getCurrentUrl()).contains("#/patient/" + patientId);

    Patient patient = client().read().resource(Patient.class).withId(patientId).execute();
    String bannerText = banner.getText();
    assertThat(banner.findElement(By.tagName("h1")).getText()).isEqualTo(cuiName(patient));
    assertThat(bannerText).contains(formatNhsNumber(nhsNumber(patient)));
    assertThat(bannerText).contains("Born").contains("Gender").contains("Ward").contains(WARD_NAME);

    List<WebElement> tabs = driver.findElements(By.cssSelector("[role='tab']"));
    assertThat(tabs).hasSize(5);
    assertThat(tabs).extracting(WebElement::getText)
        .containsExactly("Observations & NEWS2", "Fluids & food", "Physical health", "VTE", "Safety plan");
    assertThat(tabs.get(0).getAttribute("aria-selected")).isEqualTo("true");
    WebElement first = driver.findElement(By.id(tabs.get(0).getAttribute("aria-controls")));
    new WebDriverWait(driver, WAIT).until(d -> first.getText().contains("Record a set of observations"));
    // Every tab is built: none says "not available" (PhysicalHealthBrowserTest covers the physical health tab).
    WebElement physical = driver.findElement(By.id(tabs.get(2).getAttribute("aria-controls")));
    assertThat(physical.getAttribute("textContent")).contains("Physical health review on admission")
        .doesNotContain("not available in this version");

    tabs.get(0).click();
    driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    new WebDriverWait(driver, WAIT).until(d -> "true".equals(tabs.get(1).getAttribute("aria-selected")));
    assertThat(tabs.get(0).getAttribute("aria-selected")).isEqualTo("false");
    assertThat(driver.switchTo().activeElement()).isEqualTo(tabs.get(1));
    WebElement panel = driver.findElement(By.id(tabs.get(1).getAttribute("aria-controls")));
    assertThat(panel.isDisplayed()).isTrue();
    new WebDriverWait(driver, WAIT).until(d -> panel.getText().contains("Chart day"));

    driver.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
    new WebDriverWait(driver, WAIT).until(d -> "true".equals(tabs.get(0).getAttribute("aria-selected")));

    assertNoBrowserErrors();
  }

  @Test
  @Order(3)
  void anUnreachableServerShowsTheConnectionErrorAndRecovers() {
    String wardId = openWillowWard();
    WebElement error = driver.findElement(By.id("connection-error"));
    assertThat(error.isDisplayed()).isFalse();
    assertThat(error.getAttribute("role")).isEqualTo("alert");

    // The network goes away: every fetch fails as it does when Wi-Fi drops.
    js().executeScript(
        "window.__parityFetch = window.fetch;"
            + "window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));");
    driver.findElement(By.id("refresh-button")).click();

    new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOf(error));
    assertThat(error.getText()).contains("Cannot reach the Parity server");
    assertThat(driver.findElement(By.id("retry-button")).isDisplayed()).isTrue();
    // The old list stays, but it says it is not current (once the list's own refresh has failed: a badge
    // request may fail, and show the message, a moment earlier).
    WebElement table = driver.findElement(By.id("inpatients"));
    new WebDriverWait(driver, WAIT).until(d -> "true".equals(table.getAttribute("data-stale")));
    assertThat(driver.findElement(By.id("stale-note")).getText()).contains("Not up to date");
    screenshot("connection-error-portrait");

    // Retry while still offline: the message stays.
    driver.findElement(By.id("retry-button")).click();
    new WebDriverWait(driver, WAIT)
        .until(d -> d.findElement(By.id("retry-button")).isEnabled());
    assertThat(error.isDisplayed()).isTrue();

    // The network comes back: the 'online' event refreshes by itself.
    js().executeScript(
        "window.fetch = window.__parityFetch; window.dispatchEvent(new Event('online'));");
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOf(error));
    new WebDriverWait(driver, WAIT)
        .until(d -> "false".equals(d.findElement(By.id("inpatients")).getAttribute("data-stale")));
    assertThat(patientRows()).hasSize(currentInpatientIds(wardId).size());
  }

  @Test
  @Order(4)
  void screenshotsInPortraitAndLandscape() throws IOException {
    try {
      for (Dimension size : List.of(new Dimension(800, 1280), new Dimension(1280, 800))) {
        String orientation = size.getWidth() < size.getHeight() ? "portrait" : "landscape";
        setViewport(size.getWidth(), size.getHeight());
        openWillowWard();
        Path ward = screenshot("ward-" + orientation);
        assertThat(Files.size(ward)).isPositive();

        patientRows().get(0).findElement(By.cssSelector("a")).click();
        waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
        Path patient = screenshot("patient-" + orientation);
        assertThat(Files.size(patient)).isPositive();
      }
    } finally {
      setViewport(800, 1280);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private String openWillowWard() {
    String wardId = willowWardId();
    driver.get(baseUrl() + "/ward/#/ward/" + wardId);
    driver.navigate().refresh(); // a fresh page, whatever the previous test left behind
    waitForWardLoaded(wardId);
    return wardId;
  }

  private void waitForWardLoaded(String wardId) {
    new WebDriverWait(driver, WAIT)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(
                    "#inpatients[data-ward-id='" + wardId + "'][data-state='loaded'][aria-busy='false']")));
  }

  private List<WebElement> patientRows() {
    return driver.findElements(By.cssSelector("#inpatients tr[data-patient-id]"));
  }

  private WebElement waitFor(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  private JavascriptExecutor js() {
    return (JavascriptExecutor) driver;
  }

  private Path screenshot(String name) {
    return browser.screenshot(name);
  }


  /** No JavaScript errors or failed resource loads in the browser console. */
  private void assertNoBrowserErrors() {
    List<String> severe =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter(message -> !WardBrowser.isSecurityOffAnswer(message))
            .collect(Collectors.toList());
    assertThat(severe).isEmpty();
  }

  // --- Expected values through the FHIR API -----------------------------------------------------

  private String willowWardId() {
    Bundle wards =
        client().search()
            .forResource(Location.class)
            .where(Location.NAME.matchesExactly().value(WARD_NAME))
            .returnBundle(Bundle.class)
            .execute();
    List<Location> found =
        wards.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(Location.class::isInstance)
            .map(Location.class::cast)
            .filter(l -> l.getPhysicalType().getCoding().stream().anyMatch(c -> "wa".equals(c.getCode())))
            .collect(Collectors.toList());
    assertThat(found).as("the demo ward %s", WARD_NAME).hasSize(1);
    return found.get(0).getIdElement().getIdPart();
  }

  /** Patients with an in-progress inpatient Encounter whose current (active) ward is this ward. */
  private Set<String> currentInpatientIds(String wardId) {
    Bundle page =
        client().search()
            .byUrl("Encounter?location=Location/" + wardId + "&status=in-progress&class=IMP&_count=100")
            .returnBundle(Bundle.class)
            .execute();
    Set<String> ids = new LinkedHashSet<>();
    while (true) {
      for (Bundle.BundleEntryComponent entry : page.getEntry()) {
        IBaseResource resource = entry.getResource();
        if (resource instanceof Encounter encounter && isCurrentlyAt(encounter, wardId)) {
          ids.add(encounter.getSubject().getReferenceElement().getIdPart());
        }
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        return ids;
      }
      page = client().loadPage().next(page).execute();
    }
  }

  private static boolean isCurrentlyAt(Encounter encounter, String wardId) {
    Date now = new Date();
    for (EncounterLocationComponent location : encounter.getLocation()) {
      boolean current =
          location.hasStatus()
              ? location.getStatus() == Encounter.EncounterLocationStatus.ACTIVE
              : !location.getPeriod().hasEnd() || location.getPeriod().getEnd().after(now);
      if (current && wardId.equals(location.getLocation().getReferenceElement().getIdPart())) {
        return true;
      }
    }
    return false;
  }

  private static String nhsNumber(Patient patient) {
    return patient.getIdentifier().stream()
        .filter(i -> NHS_NUMBER_SYSTEM.equals(i.getSystem()))
        .map(Identifier::getValue)
        .findFirst()
        .orElseThrow();
  }

  private static String formatNhsNumber(String digits) {
    return digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
  }

  /** The UI's name rule (format.js): official, usual, then any not old/maiden; FAMILY, Given (Title). */
  private static String cuiName(Patient patient) {
    List<HumanName> names = patient.getName();
    HumanName name =
        names.stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
            .or(() -> names.stream().filter(n -> n.getUse() == HumanName.NameUse.USUAL).findFirst())
            .or(() -> names.stream()
                .filter(n -> n.getUse() != HumanName.NameUse.OLD && n.getUse() != HumanName.NameUse.MAIDEN)
                .findFirst())
            .orElse(names.get(0));
    String given = name.getGiven().stream().map(PrimitiveType::getValue).collect(Collectors.joining(" "));
    String prefix = name.getPrefix().stream().map(PrimitiveType::getValue).collect(Collectors.joining(" "));
    String text = name.getFamily().toUpperCase(Locale.UK) + (given.isBlank() ? "" : ", " + given);
    return prefix.isBlank() ? text : text + " (" + prefix + ")";
  }
}
