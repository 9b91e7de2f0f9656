package org.parity.demo;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Loads {@link DemoHospital} at start-up when {@code parity.demo-data.enabled} is true. */
@Component
@ConditionalOnProperty(name = "parity.demo-data.enabled", havingValue = "true")
public class DemoDataLoader {

  private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

  private final IFhirSystemDao<Bundle, Meta> systemDao;

  public DemoDataLoader(IFhirSystemDao<Bundle, Meta> systemDao) {
    this.systemDao = systemDao;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void load() {
    Bundle response = systemDao.transaction(new SystemRequestDetails(), DemoHospital.transaction(Clock.systemUTC()));
    long created = response.getEntry().stream()
        .filter(e -> e.getResponse().getStatus().startsWith("201"))
        .count();
    log.info("Demo hospital: {} resources created, {} already present", created, response.getEntry().size() - created);
  }
}
