package org.parity.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.parity.support.PostgresServerTest;

/** The core FHIR suite on PostgreSQL, the production database, with the production profile. */
class PostgresCoreFhirTest extends PostgresServerTest implements CoreFhirSuite {

  @Test
  void productionProfileLoadsNoDemoHospital() {
    Http.Response demoWard = Http.get(fhirBase() + "/Location?identifier=https://fhir.nhs.uk/Id/ods-site-code|ZZW01");
    assertThat(demoWard.status()).isEqualTo(200);
    assertThat(demoWard.json().path("total").asInt()).isZero();
  }
}
