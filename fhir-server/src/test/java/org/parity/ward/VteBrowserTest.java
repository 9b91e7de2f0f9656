package org.parity.ward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;

/**
 * The "VTE" tab of the ward UI in a real headless Chromium against the real server (security off): a
 * patient over 60 on an antipsychotic is admitted to a ward of this test's own; the ward list shows the
 * reassessment the admission made due; the assessment form has age and the antipsychotic filled in from
 * the record and marked for confirmation; the nurse completes it; "Saved" and the recommendation with its
 * factors appear; the history lists it; the "VTE due" badge is gone. Screenshots go to target/screenshots/.
 */
class VteBrowserTest extends H2ServerTest {

  private static final String ATC = "http://www.whocc.no/atc";
  private static final String UUID_SYSTEM = "urn:ietf:rfc:3986";
  private static final String PREFILLED = "https://parity-epr.org/fhir/StructureDefinition/prefilled";

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
  void aNurseCompletesAVteAssessmentWithFactsFromTheRecord() {
    // --- A patient over 60, admitted to a ward of this test's own, on olanzapine (ATC N05AH03).
    String suffix = Fixtures.unique().substring(0, 8);
    String wardName = "VTE test ward " + suffix;
    String wardId = client().create().resource(Fixtures.ward("VTE" + suffix.toUpperCase(), wardName)).execute()
        .getId().getIdPart();
    Patient patient = Fixtures.patient(Fixtures.nhsNumber(), "Vteassess");
    patient.setBirthDateElement(new DateType("1950-05-01"));
    String patientId = client().create().resource(patient).execute().getId().getIdPart();
    Encounter admission = Fixtures.inpatientEncounter("Patient/" + patientId, "Location/" + wardId);
    String encounterId = client().create().resource(admission).execute().getId().getIdPart();
    MedicationStatement olanzapine = new MedicationStatement();
    olanzapine.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
    olanzapine.setMedication(new CodeableConcept(new Coding(ATC, "N05AH03", "olanzapine")).setText("Olanzapine"));
    olanzapine.setSubject(new Reference("Patient/" + patientId));
    olanzapine.setContext(new Reference("Encounter/" + encounterId));
    olanzapine.getEffectivePeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(new java.util.Date()));
    client().create().resource(olanzapine).execute();

    // --- The ward list: the admission made a reassessment due.
    WebElement vteCell = openWardRow(wardId, patientId);
    assertThat(vteCell.getAttribute("data-state")).isIn("due", "soon", "overdue");
    assertThat(vteCell.getText()).contains("VTE due");
    browser.screenshot("vte-ward-list-due");

    // --- The VTE tab: due state, age and antipsychotic filled in and marked.
    openVte(patientId);
    assertThat(text("#vte-due")).startsWith("VTE reassessment due by");
    assertThat(text("#patient-alerts")).contains("VTE reassessment due");
    assertPrefilled("t-age-over-60", "Born");
    assertPrefilled("mh-antipsychotic", "");
    assertThat(text("#vte-group-mental-health")).contains("not part of the DH tool");
    assertThat(text("#vte-group-step1")).contains("Source:");
    // Nothing the record does not show is ticked; the "precludes" question waits for a bleeding factor.
    @SuppressWarnings("unchecked")
    List<String> ticked = (List<String>) browser.js(
        "return [...document.querySelectorAll('#vte-form input[type=checkbox]:checked')].map(e => e.dataset.linkId).sort();");
    assertThat(ticked).containsExactly("mh-antipsychotic", "t-age-over-60");
    WebElement precludes = browser.driver.findElement(By.id("vte-bleeding-precludes-pharmacological-group"));
    assertThat(precludes.isDisplayed()).isFalse();
    browser.screenshot("vte-form-prefilled");
    assertTouchTargetsAndLabels();

    // --- The nurse: reduced mobility, one bleeding factor, bleeding precludes pharmacological: yes.
    browser.click("label[for='vte-mobility-medical-reduced-mobility']");
    browser.click("label[for='vte-b-anticoagulants']");
    browser.waitUntil(ExpectedConditions.visibilityOf(precludes));
    browser.click("label[for='vte-bleeding-precludes-pharmacological-yes']");
    browser.click("#vte-submit");

    browser.waitFor(By.cssSelector("#vte-save-status[data-state='saved']"));
    assertThat(text("#vte-save-status")).startsWith("Saved");
    WebElement outcome = browser.waitFor(By.cssSelector("#vte-outcome[data-state='loaded']"));
    assertThat(outcome.getAttribute("data-recommendation")).isEqualTo("consider-mechanical");
    assertThat(text("#vte-recommendation").toLowerCase()).contains("mechanical prophylaxis to be considered");
    assertThat(text("#vte-outcome [data-risk='thrombosis'] dd")).isEqualTo("Yes");
    assertThat(text("#vte-outcome [data-risk='bleeding'] dd")).isEqualTo("Yes");
    String factors = text("#vte-outcome [data-factors='thrombosis']").toLowerCase();
    assertThat(factors).contains("60").contains("antipsychotic");
    assertThat(text("#vte-outcome").toLowerCase()).doesNotContain(" mg").doesNotContain("dose:");
    browser.screenshot("vte-outcome");

    // --- Over HTTP: exactly one response and one RiskAssessment, as the contract shapes them.
    JsonNode responses = Http.get(fhirBase() + "/QuestionnaireResponse?subject=Patient/" + patientId).json();
    assertThat(responses.path("total").asInt()).isEqualTo(1);
    JsonNode qr = responses.at("/entry/0/resource");
    String qrId = qr.path("id").asText();
    assertThat(qr.path("status").asText()).isEqualTo("completed");
    assertThat(qr.at("/identifier/system").asText()).isEqualTo(UUID_SYSTEM);
    assertThat(qr.at("/identifier/value").asText()).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat(qr.at("/encounter/reference").asText()).endsWith("Encounter/" + encounterId);
    assertThat(qr.at("/author/display").asText()).isEqualTo("Ward nurse");
    assertThat(qr.path("authored").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}");
    assertThat(qr.toString()).contains(PREFILLED);
    JsonNode assessments = Http.get(fhirBase() + "/RiskAssessment?subject=Patient/" + patientId).json();
    assertThat(assessments.path("total").asInt()).isEqualTo(1);
    assertThat(assessments.at("/entry/0/resource/basis/0/reference").asText()).endsWith("QuestionnaireResponse/" + qrId);
    assertThat(outcome.getAttribute("data-risk-assessment-id"))
        .isEqualTo(assessments.at("/entry/0/resource/id").asText());

    // --- The history lists it with when, who and the recommendation.
    WebElement item = browser.waitFor(By.cssSelector("#vte-history-list li[data-basis='" + qrId + "']"));
    assertThat(item.getText()).contains("Ward nurse").containsIgnoringCase("mechanical prophylaxis");

    // --- After a reload the reassessment is no longer due, on the tab and on the ward list.
    openVte(patientId);
    browser.waitFor(By.cssSelector("#vte-history[data-state='loaded']"));
    browser.waitForScript("return document.querySelector('#vte-due').hidden");
    assertThat(browser.driver.findElements(By.cssSelector("#vte-history-list li"))).hasSize(1);
    WebElement after = openWardRow(wardId, patientId);
    assertThat(after.getAttribute("data-state")).isEqualTo("none");
    assertThat(after.getText()).doesNotContain("VTE");
    assertThat(browser.severeLogs()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  private WebElement openWardRow(String wardId, String patientId) {
    browser.driver.get(baseUrl() + "/ward/#/ward/" + wardId);
    browser.driver.navigate().refresh();
    browser.waitFor(By.cssSelector("#inpatients[data-state='loaded'][data-vte-state='loaded']"));
    return browser.driver.findElement(
        By.cssSelector("#inpatients tr[data-patient-id='" + patientId + "'] td[data-col='vte']"));
  }

  private void openVte(String patientId) {
    browser.driver.get(baseUrl() + "/ward/#/patient/" + patientId + "/vte");
    browser.driver.navigate().refresh();
    browser.waitFor(By.cssSelector("#patient-banner[data-state='loaded']"));
    browser.waitFor(By.cssSelector("#vte-form, #vte-new, #vte-form-error"));
  }

  private void assertPrefilled(String linkId, String reasonContains) {
    WebElement box = browser.driver.findElement(By.id("vte-" + linkId));
    assertThat(box.isSelected()).as(linkId + " ticked").isTrue();
    String note = text("#vte-" + linkId + "-prefill");
    assertThat(note).startsWith("From the record: ").endsWith("please confirm").contains(reasonContains);
  }

  private void assertTouchTargetsAndLabels() {
    @SuppressWarnings("unchecked")
    List<String> small = (List<String>) browser.js(
        "return [...document.querySelectorAll('#panel-vte button, #panel-vte .choice__label, #panel-vte .vte-check__label,"
            + " #panel-vte textarea')]"
            + ".filter(e => e.offsetParent !== null)"
            + ".filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44; })"
            + ".map(e => e.id || e.textContent.trim() || e.outerHTML.slice(0, 80));");
    assertThat(small).as("controls smaller than 44px").isEmpty();
    @SuppressWarnings("unchecked")
    List<String> unlabelled = (List<String>) browser.js(
        "return [...document.querySelectorAll('#panel-vte input, #panel-vte textarea, #panel-vte select')]"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
            + ".map(e => e.id || e.outerHTML.slice(0, 80));");
    assertThat(unlabelled).isEmpty();
    assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(800);
  }

  private String text(String css) {
    return browser.driver.findElement(By.cssSelector(css)).getText();
  }
}
