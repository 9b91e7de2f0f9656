package org.parity.subscriptions;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.Subscription;
import org.parity.fhir.RepeatingJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;

/**
 * HAPI keeps delivering to a Subscription after its {@code end}; this sweep switches such Subscriptions off (status
 * {@code off}), so the ward UI's Subscriptions left behind by closed tablets stop. Safe on every instance: each
 * change is a version-checked update and a lost race is ignored.
 */
@Component
@ConditionalOnProperty(name = "parity.subscriptions.enabled", havingValue = "true", matchIfMissing = true)
public class SubscriptionExpiry extends RepeatingJob {

  private static final Logger log = LoggerFactory.getLogger(SubscriptionExpiry.class);

  private final DaoRegistry daos;
  private final SubscriptionSettings settings;
  private final Clock clock;

  public SubscriptionExpiry(DaoRegistry daos, SubscriptionSettings settings, Clock clock) {
    super("subscription-expiry-");
    this.daos = daos;
    this.settings = settings;
    this.clock = clock;
  }

  /** Switches off every running Subscription whose end has passed; how many this instance switched off. */
  public int sweep() {
    IFhirResourceDao<Subscription> dao = daos.getResourceDao(Subscription.class);
    Instant now = clock.instant();
    SearchParameterMap running = SearchParameterMap.newSynchronous().add(Subscription.SP_STATUS,
        new TokenOrListParam().add("requested").add("active").add("error"));
    int off = 0;
    for (var found : dao.searchForResources(running, new SystemRequestDetails())) {
      Subscription subscription = (Subscription) found;
      if (subscription.hasEnd() && subscription.getEnd().toInstant().isBefore(now)) {
        subscription.setStatus(Subscription.SubscriptionStatus.OFF);
        try {
          dao.update(subscription, new SystemRequestDetails());
          off++;
        } catch (ResourceVersionConflictException | ConcurrencyFailureException e) {
          log.debug("{} was changed meanwhile: {}", subscription.getIdElement().getValue(), e.getMessage());
        }
      }
    }
    return off;
  }

  @Override
  protected Duration interval() {
    return settings.expirySweep();
  }

  @Override
  protected void runOnce() {
    int off = sweep();
    if (off > 0) {
      log.info("Switched off {} Subscription(s) past their end", off);
    }
  }
}
