package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;

/** {@code $break-glass} over real HTTP with real Keycloak tokens: time-limited, audited, reported. */
class BreakGlassOperationTest extends SecuredServerTest {

  private static String reason(String text) {
    return """
        {"resourceType":"Parameters","parameter":[{"name":"reason","valueString":"%s"}]}""".formatted(text);
  }

  @Test
  void aReasonOpensAnotherWardsPatientForALimitedTimeAndIsAudited() {
    String nurse = token("nurse.willow");
    assertThat(get(nurse, "/Patient/demo-cedar-02").status()).isEqualTo(403);

    Http.Response tooShort = post(nurse, "/Patient/demo-cedar-02/$break-glass", reason("urgent"));
    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.issues()).contains("reason");
    assertThat(get(nurse, "/Patient/demo-cedar-02").status()).isEqualTo(403);

    Http.Response granted = post(nurse, "/Patient/demo-cedar-02/$break-glass",
        reason("Emergency response: patient collapsed on Cedar Ward"));
    assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    Instant expires = Instant.parse(granted.json().path("parameter").findValue("valueInstant").asText());
    assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofMinutes(235), Duration.ofMinutes(241));

    assertThat(get(nurse, "/Patient/demo-cedar-02").status()).isEqualTo(200);
    Http.Response encounters = get(nurse, "/Encounter?patient=Patient/demo-cedar-02");
    assertThat(encounters.status()).isEqualTo(200);
    assertThat(encounters.json().path("total").asInt()).isEqualTo(1);
    // Only that patient: the rest of Cedar Ward stays closed.
    assertThat(get(nurse, "/Patient/demo-cedar-03").status()).isEqualTo(403);

    Http.Response audit = get(token("auditor.sam"), "/AuditEvent?subtype="
        + BreakGlassGrants.SUBTYPE_SYSTEM + "|break-glass&patient=Patient/demo-cedar-02&altid=nurse.willow");
    assertThat(audit.status()).isEqualTo(200);
    assertThat(audit.json().path("total").asInt()).isEqualTo(1);
    assertThat(audit.body()).contains("BTG").contains("patient collapsed on Cedar Ward");
  }

  @Test
  void theWardManagerIsToldWhenTheirPatientIsOpened() {
    Http.Response granted = post(token("nurse.cedar"), "/Patient/demo-willow-03/$break-glass",
        reason("Covering Willow Ward at night, no Willow nurse available"));
    assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    Http.Response reports = get(token("manager.willow"), "/Communication?category="
        + BreakGlassGrants.CATEGORY_SYSTEM + "|break-glass&subject=Patient/demo-willow-03");
    assertThat(reports.status()).isEqualTo(200);
    assertThat(reports.json().path("total").asInt()).isEqualTo(1);
    assertThat(reports.body()).contains("nurse.cedar").contains("Covering Willow Ward at night");
  }

  @Test
  void byNhsNumberForAPatientNotFoundInSearch() {
    String hca = token("hca.willow");
    String nhs = readNhsNumber("Patient/demo-cedar-04");
    String body = """
        {"resourceType":"Parameters","parameter":[{"name":"nhsNumber","valueString":"%s"},
         {"name":"reason","valueString":"Patient transferred to us, record needed now"}]}""".formatted(nhs);
    Http.Response granted = post(hca, "/Patient/$break-glass", body);
    assertThat(granted.status()).as(granted.body()).isEqualTo(200);
    assertThat(granted.body()).contains("Patient/demo-cedar-04");
    assertThat(get(hca, "/Patient/demo-cedar-04").status()).isEqualTo(200);
  }

  @Test
  void onlyWardStaffMayBreakTheGlass() {
    Http.Response patient = post(token("patient.willow01"), "/Patient/demo-willow-05/$break-glass",
        reason("I would like to see this record please"));
    assertThat(patient.status()).isEqualTo(403);
    Http.Response auditor = post(token("auditor.sam"), "/Patient/demo-willow-05/$break-glass",
        reason("Checking a complaint about this record"));
    assertThat(auditor.status()).isEqualTo(403);
  }

  private String readNhsNumber(String ref) {
    Http.Response patient = get(trustToken("trust-demo-acute"), "/" + ref);
    assertThat(patient.status()).isEqualTo(200);
    return patient.json().path("identifier").get(0).path("value").asText();
  }
}
