package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.SecuredServerTest;

/**
 * Who may see a ward board, with real Keycloak tokens. Demo hospital: Willow (ZZW01) and Cedar (ZZC01), each
 * with in-progress admissions in beds 1 to 10.
 */
class WardBoardAccessTest extends SecuredServerTest {

  private String ward(String token, String siteCode) {
    Http.Response found = get(token, "/Location?identifier=https://fhir.nhs.uk/Id/ods-site-code|" + siteCode);
    assertThat(found.status()).as(found.body()).isEqualTo(200);
    return "Location/" + found.json().path("entry").get(0).path("resource").path("id").asText();
  }

  @Test
  void wardStaffSeeTheirOwnWardsBoardAndNoOtherWards() {
    String nurse = token("nurse.willow");
    String willow = ward(nurse, "ZZW01");
    String cedar = ward(nurse, "ZZC01");

    Http.Response board = get(nurse, "/" + willow + "/$ward-board");
    assertThat(board.status()).as(board.body()).isEqualTo(200);
    java.util.List<String> patients = new java.util.ArrayList<>();
    for (JsonNode p : board.json().path("parameter")) {
      if (p.path("name").asText().equals("inpatient")) {
        patients.add(WardBoardOperationTest.one(p, "patient").path("valueReference").path("reference").asText());
      }
    }
    // Other tests in the shared context admit their own patients to Willow Ward; Cedar's are never on it.
    assertThat(patients).contains("Patient/demo-willow-01", "Patient/demo-willow-02")
        .noneMatch(p -> p.startsWith("Patient/demo-cedar-"));

    Http.Response other = get(nurse, "/" + cedar + "/$ward-board");
    assertThat(other.status()).as(other.body()).isEqualTo(403);
    assertThat(other.body()).contains("forbidden");

    // A healthcare assistant of the ward reads it; a doctor on both wards reads both; a patient reads none.
    assertThat(get(token("hca.willow"), "/" + willow + "/$ward-board").status()).isEqualTo(200);
    assertThat(get(token("doctor.ali"), "/" + cedar + "/$ward-board").status()).isEqualTo(200);
    assertThat(get(token("patient.willow01"), "/" + willow + "/$ward-board").status()).isEqualTo(403);
  }
}
