package org.parity.fhir;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import java.util.function.Supplier;

/**
 * HAPI's storage settings, with one addition: the server's own record-keeping writes (audit events,
 * provenance) may reference resources that are deleted or never existed (a 404 read, a deleted record),
 * so for the duration of {@link #withoutReferentialIntegrity} on the current thread, references that do
 * not resolve are kept as text instead of refusing the write. Every other write keeps full referential
 * integrity.
 */
public class ParityStorageSettings extends JpaStorageSettings {

  private static final ThreadLocal<Boolean> RELAXED = ThreadLocal.withInitial(() -> Boolean.FALSE);

  @Override
  public boolean isEnforceReferentialIntegrityOnWrite() {
    return super.isEnforceReferentialIntegrityOnWrite() && !RELAXED.get();
  }

  /** Runs a server-side write whose unresolvable references are indexed as nothing rather than refused. */
  public static <T> T withoutReferentialIntegrity(Supplier<T> write) {
    boolean before = RELAXED.get();
    RELAXED.set(Boolean.TRUE);
    try {
      return write.get();
    } finally {
      RELAXED.set(before);
    }
  }
}
