package org.parity.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work gathered during one database transaction and done just before it commits, in the same transaction:
 * if the work fails, nothing of the transaction is stored. Storage interceptors use it to write derived
 * resources (Provenance, a RiskAssessment, a Task) once per FHIR transaction rather than once per entry.
 * Items are gathered per key, one key per kind of work, so two kinds in one transaction never mix.
 */
public final class BeforeCommit<T> implements TransactionSynchronization {

  private final Object key;
  private final Consumer<List<T>> beforeCommit;
  private final Consumer<List<T>> afterCommit;
  private final List<T> items = new ArrayList<>();

  private BeforeCommit(Object key, Consumer<List<T>> beforeCommit, Consumer<List<T>> afterCommit) {
    this.key = key;
    this.beforeCommit = beforeCommit;
    this.afterCommit = afterCommit;
  }

  /** Adds an item for the handler of {@code key} at this transaction's commit (at once if there is no transaction). */
  public static <T> void add(Object key, T item, Consumer<List<T>> beforeCommit) {
    add(key, item, beforeCommit, items -> {});
  }

  /** As {@link #add(Object, Object, Consumer)}, with work for after the commit too (never if it rolls back). */
  @SuppressWarnings("unchecked")
  public static <T> void add(Object key, T item, Consumer<List<T>> beforeCommit, Consumer<List<T>> afterCommit) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      // Not inside a Spring-managed transaction: should not happen with HAPI JPA.
      beforeCommit.accept(List.of(item));
      afterCommit.accept(List.of(item));
      return;
    }
    for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
      if (s instanceof BeforeCommit<?> pending && pending.key.equals(key)) {
        ((BeforeCommit<T>) pending).items.add(item);
        return;
      }
    }
    BeforeCommit<T> pending = new BeforeCommit<>(key, beforeCommit, afterCommit);
    pending.items.add(item);
    TransactionSynchronizationManager.registerSynchronization(pending);
  }

  @Override
  public void beforeCommit(boolean readOnly) {
    if (!items.isEmpty()) {
      beforeCommit.accept(List.copyOf(items));
    }
  }

  @Override
  public void afterCommit() {
    if (!items.isEmpty()) {
      afterCommit.accept(List.copyOf(items));
    }
  }
}
