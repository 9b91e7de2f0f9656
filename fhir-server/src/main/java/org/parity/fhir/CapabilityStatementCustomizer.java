package org.parity.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.parity.conformance.ParityPackage;
import org.parity.security.SecurityProperties;
import org.springframework.stereotype.Component;

/** Names Parity and its FHIR package in the CapabilityStatement; HAPI fills in resources and operations. */
@Component
public class CapabilityStatementCustomizer implements RestInterceptor {

  static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

  private final ParityPackage parityPackage;
  private final SecurityProperties security;

  public CapabilityStatementCustomizer(ParityPackage parityPackage, SecurityProperties security) {
    this.parityPackage = parityPackage;
    this.security = security;
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
    for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
      describeSecurity(rest.getSecurity());
    }
  }

  private void describeSecurity(CapabilityStatement.CapabilityStatementRestSecurityComponent section) {
    if (!security.enabled()) {
      section.setDescription("Security is DISABLED on this server (local development on loopback only).");
      return;
    }
    section.setCors(false);
    section.addService(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
    Extension uris = section.addExtension().setUrl(OAUTH_URIS);
    uris.addExtension("authorize", new UriType(security.effectiveAuthorizationEndpoint()));
    uris.addExtension("token", new UriType(security.effectiveTokenEndpoint()));
    section.setDescription("OAuth 2.0 bearer tokens from Keycloak (issuer " + security.issuer() + ", audience "
        + security.audience() + "), SMART App Launch 2 scopes (see .well-known/smart-configuration). Access is "
        + "granted scope AND role AND relationship: staff reach patients admitted to their wards, patients their "
        + "own record, systems the resource types configured for them. Break-glass via Patient/$break-glass. "
        + "Every request is audited as an AuditEvent.");
  }
}
