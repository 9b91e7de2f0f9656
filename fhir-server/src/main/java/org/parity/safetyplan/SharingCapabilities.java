package org.parity.safetyplan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.parity.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Names Parity's published OperationDefinitions for {@code CarePlan/$document} and {@code $share} in the
 * CapabilityStatement, where HAPI would name its own generated ones; both are in the profiles package.
 */
@Component
public class SharingCapabilities implements RestInterceptor {

  static final Map<String, String> DEFINITIONS = Map.of(
      "document", DocumentOperation.P + "/OperationDefinition/CarePlan-document",
      "share", DocumentOperation.P + "/OperationDefinition/CarePlan-share");

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void name(IBaseConformance conformance) {
    if (!(conformance instanceof CapabilityStatement statement)) {
      return;
    }
    for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
      for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
        if (!"CarePlan".equals(resource.getType())) {
          continue;
        }
        for (CapabilityStatement.CapabilityStatementRestResourceOperationComponent operation : resource.getOperation()) {
          String definition = DEFINITIONS.get(operation.getName().replace("$", ""));
          if (definition != null) {
            operation.setDefinition(definition);
          }
        }
      }
    }
  }
}
