package org.parity.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The shared H2 server context: one Spring context per JVM for every test that extends this,
 * with demo data loaded. Real HTTP on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class H2ServerTest {

  @LocalServerPort
  protected int port;

  @Autowired
  protected FhirContext fhirContext;

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  public String fhirBase() {
    return baseUrl() + "/fhir";
  }

  public IGenericClient client() {
    fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    return fhirContext.newRestfulGenericClient(fhirBase());
  }
}
