package org.parity.vte;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work gathered during one database transaction and done just before it commits, in the same transaction
 * (the technique of {@code audit.WriteProvenance}): if the work fails, nothing of the transaction is stored.
 * Items are gathered per owner (one interceptor) so that a FHIR transaction touching several resources is
 * handled once, as a whole.
 */
final class BeforeCommit<T> implements TransactionSynchronization {

  private final Object owner;
  private final Consumer<List<T>> handler;
  private final List<T> items = new ArrayList<>();

  private BeforeCommit(Object owner, Consumer<List<T>> handler) {
    this.owner = owner;
    this.handler = handler;
  }

  /** Adds an item for {@code owner}'s handler at this transaction's commit (at once if there is no transaction). */
  @SuppressWarnings("unchecked")
  static <T> void add(Object owner, T item, Consumer<List<T>> handler) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      handler.accept(List.of(item)); // not inside a Spring-managed transaction: should not happen with HAPI JPA
      return;
    }
    for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
      if (s instanceof BeforeCommit<?> pending && pending.owner == owner) {
        ((BeforeCommit<T>) pending).items.add(item);
        return;
      }
    }
    BeforeCommit<T> pending = new BeforeCommit<>(owner, handler);
    pending.items.add(item);
    TransactionSynchronizationManager.registerSynchronization(pending);
  }

  @Override
  public void beforeCommit(boolean readOnly) {
    if (!items.isEmpty()) {
      List<T> all = List.copyOf(items);
      items.clear();
      handler.accept(all);
    }
  }
}
