package org.parity.news2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class News2DateTimeTest {

  @Test
  void aSetTakenOnTheMinuteIsWrittenWithSecondsAndItsOffset() {
    // A set at 10:00:00 made the server answer 500 when the time was written as "2026-11-27T10:00Z".
    assertThat(News2Derivation.dateTime(OffsetDateTime.parse("2026-11-27T10:00Z")).getValueAsString())
        .isEqualTo("2026-11-27T10:00:00Z");
    assertThat(News2Derivation.dateTime(OffsetDateTime.parse("2026-07-01T09:30:15+01:00")).getValueAsString())
        .isEqualTo("2026-07-01T09:30:15+01:00");
  }
}
