package org.parity.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

/** The queue never blocks a request: when it is full the event is lost and counted. */
class AuditWriterTest {

  @Test
  @SuppressWarnings("unchecked")
  void aFullQueueLosesAndCountsEventsWithoutBlocking() throws Exception {
    IFhirResourceDao<AuditEvent> dao = mock(IFhirResourceDao.class);
    DaoRegistry daos = mock(DaoRegistry.class);
    when(daos.getResourceDao(AuditEvent.class)).thenReturn(dao);
    PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch storing = new CountDownLatch(1);
    when(dao.create(any(AuditEvent.class), any(RequestDetails.class))).thenAnswer(call -> {
      storing.countDown();
      release.await();
      return new DaoMethodOutcome();
    });
    AuditWriter writer = new AuditWriter(transactions, daos, new AuditProperties(2, 1, Duration.ofSeconds(5)));
    try {
      assertThat(writer.submit(new AuditEvent())).isTrue(); // taken by the worker, which then blocks
      assertThat(storing.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(writer.submit(new AuditEvent())).isTrue();
      assertThat(writer.submit(new AuditEvent())).isTrue(); // queue now full (2)
      long start = System.nanoTime();
      assertThat(writer.submit(new AuditEvent())).isFalse();
      assertThat(System.nanoTime() - start).isLessThan(Duration.ofMillis(100).toNanos());
      assertThat(writer.lost()).isEqualTo(1);
      assertThat(writer.flush(Duration.ofMillis(50))).isFalse();

      release.countDown();
      assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(writer.stored()).isEqualTo(3);
      assertThat(writer.lost()).isEqualTo(1);
    } finally {
      release.countDown();
      writer.shutdown();
    }
  }
}
