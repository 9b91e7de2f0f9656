package org.parity.wardboard;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How long each search of one board took, sent back as a standard {@code Server-Timing} header (W3C Server Timing)
 * so a slow board can be explained from the outside, and the benchmark can report where the time goes.
 */
final class Timings {

  private final List<String> entries = new ArrayList<>();
  private final long start = System.nanoTime();

  <T> T time(String name, Supplier<T> work) {
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      add(name, t0);
    }
  }

  private synchronized void add(String name, long t0) {
    entries.add(String.format(Locale.ROOT, "%s;dur=%.1f", name, (System.nanoTime() - t0) / 1e6));
  }

  void report(RequestDetails request) {
    add("total", start);
    if (request instanceof ServletRequestDetails servlet && servlet.getServletResponse() != null) {
      synchronized (this) {
        servlet.getServletResponse().addHeader("Server-Timing", String.join(", ", entries));
      }
    }
  }
}
