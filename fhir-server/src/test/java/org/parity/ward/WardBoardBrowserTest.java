package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;

/**
 * The ward board in a real headless Chromium (security off): a Task due in about 20 seconds shows amber with a
 * ticking countdown, and the row turns red when the due time passes, without a reload. Screenshots in
 * target/screenshots/.
 */
class WardBoardBrowserTest extends H2ServerTest {

  private static WardBrowser browser;

  @BeforeAll
  static void startBrowser() throws IOException {
    browser = WardBrowser.start(1280, 800);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  @Test
  void aRowTurnsRedWhenItsTaskFallsDue() {
    String suffix = Fixtures.unique().substring(0, 8);
    String wardId = client().create().resource(Fixtures.ward("WB" + suffix.toUpperCase(), "Board ward " + suffix))
        .execute().getId().getIdPart();
    String patientId = client().create().resource(Fixtures.patient(Fixtures.nhsNumber(), "Countdown")).execute()
        .getId().getIdPart();
    Encounter admission = Fixtures.inpatientEncounter("Patient/" + patientId, "Location/" + wardId);
    String encounterId = client().create().resource(admission).execute().getId().getIdPart();
    // Stored with second precision (restriction.period.end): the test expects what is stored.
    Instant due = Instant.now().plusSeconds(20).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding("https://parity-epr.org/fhir/CodeSystem/deadline", "phr-started",
        "Physical health review started")));
    task.setDescription("Start the physical health review");
    task.setFor(new Reference("Patient/" + patientId));
    task.setEncounter(new Reference("Encounter/" + encounterId));
    task.getRestriction().getPeriod().setEnd(Date.from(due));
    client().create().resource(task).execute();

    browser.driver.get(baseUrl() + "/ward/#/ward/" + wardId);
    browser.driver.navigate().refresh();
    browser.waitFor(By.cssSelector("#inpatients[data-state='loaded'][data-board-state='loaded']"));
    By row = By.cssSelector("tr[data-patient-id='" + patientId + "']");
    WebElement tr = browser.driver.findElement(row);
    WebElement cell = tr.findElement(By.cssSelector("td[data-col='due']"));
    if (Instant.now().isBefore(due.minusSeconds(2))) {
      assertThat(tr.getAttribute("data-board-state")).isEqualTo("due-soon");
      assertThat(tr.getAttribute("class")).contains("inpatients__row--due-soon");
      assertThat(cell.getText()).contains("Start the physical health review").contains("due in 0:");
      String before = cell.getText();
      new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> !cell.getText().equals(before));
      browser.screenshot("ward-board-due-soon");
    }

    new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(
        d -> "overdue".equals(d.findElement(row).getAttribute("data-board-state")));
    WebElement red = browser.driver.findElement(row);
    assertThat(Instant.now()).isAfter(due);
    assertThat(red.getAttribute("class")).contains("inpatients__row--overdue");
    assertThat(red.findElement(By.cssSelector("td[data-col='due'] .badge")).getAttribute("class"))
        .contains("badge--urgent");
    assertThat(red.findElement(By.cssSelector("td[data-col='due']")).getText()).contains("overdue by 0:");
    String background = (String) browser.js(
        "return getComputedStyle(arguments[0].querySelector('td[data-col=\"name\"]')).backgroundColor;", red);
    assertThat(background).isEqualTo("rgb(249, 220, 217)");
    browser.screenshot("ward-board-overdue");
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  void aTaskCreatedAfterTheBoardLoadedAppearsWithinSecondsThroughTheWebsocket() {
    String suffix = Fixtures.unique().substring(0, 8);
    String wardId = client().create().resource(Fixtures.ward("WL" + suffix.toUpperCase(), "Live ward " + suffix))
        .execute().getId().getIdPart();
    String patientId = client().create().resource(Fixtures.patient(Fixtures.nhsNumber(), "Pushed")).execute()
        .getId().getIdPart();
    String encounterId = client().create()
        .resource(Fixtures.inpatientEncounter("Patient/" + patientId, "Location/" + wardId)).execute().getId()
        .getIdPart();

    browser.driver.get(baseUrl() + "/ward/#/ward/" + wardId);
    browser.driver.navigate().refresh();
    browser.waitFor(By.cssSelector("#inpatients[data-state='loaded'][data-board-state='loaded']"));
    new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(
        d -> "live".equals(d.findElement(By.id("live-status")).getAttribute("data-live")));
    assertThat(browser.driver.findElement(By.id("live-status")).getText()).isEqualTo("Live");

    Task task = new Task();
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(new CodeableConcept(new Coding("https://parity-epr.org/fhir/CodeSystem/deadline", "weight-weekly",
        "Weight weekly")));
    task.setDescription("Weigh the patient (pushed)");
    task.setFor(new Reference("Patient/" + patientId));
    task.setEncounter(new Reference("Encounter/" + encounterId));
    task.getRestriction().getPeriod().setEnd(Date.from(Instant.now().minusSeconds(5)));
    Instant created = Instant.now();
    client().create().resource(task).execute();

    By row = By.cssSelector("tr[data-patient-id='" + patientId + "']");
    // The periodic refresh is every minute: 20 seconds can only be the push.
    new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(
        d -> d.findElement(row).getText().contains("Weigh the patient (pushed)"));
    assertThat(Duration.between(created, Instant.now())).isLessThan(Duration.ofSeconds(20));
    browser.screenshot("ward-board-pushed");
    assertThat(browser.severeLogs()).isEmpty();
  }
}
