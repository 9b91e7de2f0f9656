package org.parity.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * A client's write can collide with the server's own work on a resource the client never named: a vital-sign set
 * completes the open NEWS2 Task at the moment the deadline poller marks that Task overdue, or two nurses chart a set
 * for one patient at once. HAPI then fails the whole request with 409 and nothing is stored. The request is run
 * again instead (it was rolled back whole, so nothing is written twice) — but only when the client asked for no
 * version ({@code If-Match}): a client's stale version must still be refused, not retried into success.
 */
@Component
public class RetryServerConflicts implements StorageInterceptor {

  static final int MAX_RETRIES = 4;

  @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
  public ResourceVersionConflictResolutionStrategy conflict(RequestDetails request) {
    ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
    if (request != null && request.getRequestType() != null && !namesVersion(request)) {
      strategy.setRetry(true);
      strategy.setMaxRetries(MAX_RETRIES);
    }
    return strategy;
  }

  private static boolean namesVersion(RequestDetails request) {
    if (request.getHeader("If-Match") != null) {
      return true;
    }
    return request.getResource() instanceof Bundle bundle && bundle.getEntry().stream()
        .anyMatch(e -> e.hasRequest() && e.getRequest().hasIfMatch());
  }
}
