package org.parity.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.parity.conformance.ParityPackage;
import org.springframework.stereotype.Component;

/** Names Parity and its FHIR package in the CapabilityStatement; HAPI fills in resources and operations. */
@Component
public class CapabilityStatementCustomizer implements RestInterceptor {

  private final ParityPackage parityPackage;

  public CapabilityStatementCustomizer(ParityPackage parityPackage) {
    this.parityPackage = parityPackage;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void customize(IBaseConformance conformance) {
    if (!(conformance instanceof CapabilityStatement statement)) {
      return;
    }
    statement.setName("Parity");
    statement.setTitle("Parity FHIR server for mental-health inpatient wards");
    statement.setPublisher("Parity");
    statement.getSoftware().setName("Parity").setVersion(parityPackage.version());
    statement.getImplementation().setDescription("Parity EPR module (FHIR package " + parityPackage.name()
        + "#" + parityPackage.version() + ")");
  }
}
