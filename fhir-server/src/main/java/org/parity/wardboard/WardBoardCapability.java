package org.parity.wardboard;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.parity.conformance.ParityPackage;
import org.parity.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/** Names Parity's published OperationDefinition for {@code Location/$ward-board} in the CapabilityStatement. */
@Component
public class WardBoardCapability implements RestInterceptor {

  static final String DEFINITION = ParityPackage.CANONICAL_BASE + "/OperationDefinition/Location-ward-board";

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void name(IBaseConformance conformance) {
    if (!(conformance instanceof CapabilityStatement statement)) {
      return;
    }
    statement.getRest().forEach(rest -> rest.getResource().stream()
        .filter(resource -> "Location".equals(resource.getType()))
        .flatMap(resource -> resource.getOperation().stream())
        .filter(operation -> "ward-board".equals(operation.getName().replace("$", "")))
        .forEach(operation -> operation.setDefinition(DEFINITION)));
  }
}
