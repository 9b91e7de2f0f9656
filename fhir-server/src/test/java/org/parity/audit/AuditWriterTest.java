package org.parity.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/** The queue never blocks a request: when it is full the event is lost and counted. */
class AuditWriterTest {

  @Test
  @SuppressWarnings("unchecked")
  void aFullQueueLosesAndCountsEventsWithoutBlocking() throws Exception {
    IFhirSystemDao<Bundle, ?> dao = mock(IFhirSystemDao.class);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch storing = new CountDownLatch(1);
    when(dao.transaction(any(), any())).thenAnswer(call -> {
      storing.countDown();
      release.await();
      return new Bundle();
    });
    AuditWriter writer = new AuditWriter(dao, mock(DaoRegistry.class), new AuditProperties(2, 1, Duration.ofSeconds(5)));
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
