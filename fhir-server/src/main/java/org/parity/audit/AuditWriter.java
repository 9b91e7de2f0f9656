package org.parity.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.AuditEvent;
import org.parity.fhir.ParityStorageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores AuditEvents off the request thread: a bounded in-memory queue drained by one background thread,
 * in batches (one database transaction each, as the server). A clinical request never waits for its audit and
 * never fails because of it: when the queue is full the event is lost, logged at ERROR and counted
 * ({@link #lost()}); hazard H19 in docs/clinical-safety.md. The queue is stored before shutdown completes.
 */
@Component
public class AuditWriter {

  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

  private final BlockingQueue<AuditEvent> queue;
  private final TransactionTemplate transaction;
  private final DaoRegistry daos;
  private final AuditProperties properties;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final Thread worker;
  private volatile boolean running = true;

  public AuditWriter(PlatformTransactionManager transactions, DaoRegistry daos, AuditProperties properties) {
    this.transaction = new TransactionTemplate(transactions);
    this.daos = daos;
    this.properties = properties;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity()));
    this.worker = new Thread(this::drain, "parity-audit-writer");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Queues an event; never blocks and never throws. False when the event was lost (queue full or shut down). */
  public boolean submit(AuditEvent event) {
    if (running && queue.offer(event)) {
      accepted.incrementAndGet();
      return true;
    }
    long total = lost.incrementAndGet();
    log.error("AUDIT EVENT LOST ({} lost since start): audit queue {} ({} events); event: {} {} outcome {}",
        total, running ? "full" : "shut down", properties.queueCapacity(),
        event.getSubtypeFirstRep().getCode(), event.getEntity().stream()
            .filter(e -> e.getWhat().hasReference()).map(e -> e.getWhat().getReference()).toList(),
        event.getOutcome() == null ? "" : event.getOutcome().toCode());
    return false;
  }

  /** AuditEvents lost since start (queue full, shut down, or a store that failed twice). */
  public long lost() {
    return lost.get();
  }

  /** AuditEvents stored since start. */
  public long stored() {
    return stored.get();
  }

  /** Events waiting in the queue now. */
  public int pending() {
    return queue.size();
  }

  /** Waits until every event queued before this call is stored (or lost); false on timeout. */
  public boolean flush(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (done.get() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @PreDestroy
  void shutdown() {
    // Store what is queued while the database is still there (Spring destroys this bean before the DAOs).
    boolean flushed = flush(properties.shutdownTimeout());
    running = false;
    worker.interrupt();
    try {
      worker.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = queue.size();
    if (!flushed || left > 0) {
      lost.addAndGet(left);
      log.error("AUDIT EVENTS LOST at shutdown: {} events not stored within {}", left, properties.shutdownTimeout());
    }
  }

  private void drain() {
    List<AuditEvent> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, Math.max(1, properties.batchSize()) - 1);
        store(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        log.error("Audit writer failed; continuing", e);
      } finally {
        done.addAndGet(batch.size());
        batch.clear();
      }
    }
  }

  /**
   * One database transaction per batch, each event a plain create. Not a FHIR transaction Bundle: HAPI resolves a
   * Bundle's references in one query of OR-ed (type, id) pairs, which H2 answers by reading every resource row, so
   * on the embedded database each board or search audit cost a scan of the whole store (docs/performance.md).
   */
  private void store(List<AuditEvent> batch) {
    IFhirResourceDao<AuditEvent> dao = daos.getResourceDao(AuditEvent.class);
    try {
      ParityStorageSettings.withoutReferentialIntegrity(() -> transaction.execute(status -> {
        for (AuditEvent event : batch) {
          dao.create(event.copy(), new SystemRequestDetails());
        }
        return null;
      }));
      stored.addAndGet(batch.size());
    } catch (RuntimeException batchFailure) {
      // One bad event must not lose the others: store them one by one.
      log.warn("Audit batch of {} failed ({}); storing one by one", batch.size(), batchFailure.toString());
      for (AuditEvent event : batch) {
        try {
          ParityStorageSettings.withoutReferentialIntegrity(() -> dao.create(event, new SystemRequestDetails()));
          stored.incrementAndGet();
        } catch (RuntimeException e) {
          long total = lost.incrementAndGet();
          log.error("AUDIT EVENT LOST ({} lost since start): could not be stored: {}", total, e.toString());
        }
      }
    }
  }
}
