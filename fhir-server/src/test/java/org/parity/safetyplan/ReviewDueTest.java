package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** When a review is due: days in Europe/London, including the days the clocks change (no server). */
class ReviewDueTest {

  @Test
  void aWinterReviewDateIsDueAtMidnightGmt() {
    assertThat(ReviewDue.onReviewDate(LocalDate.parse("2027-02-27"))).isEqualTo(Instant.parse("2027-02-27T00:00:00Z"));
  }

  @Test
  void aSummerReviewDateIsDueAtMidnightBstWhichIs23UtcTheDayBefore() {
    assertThat(ReviewDue.onReviewDate(LocalDate.parse("2026-07-01"))).isEqualTo(Instant.parse("2026-06-30T23:00:00Z"));
  }

  @Test
  void onTheDayTheClocksGoForwardTheDayStartsAtMidnightGmt() {
    // 28 March 2027: 01:00 GMT becomes 02:00 BST, so midnight is still GMT.
    Instant due = ReviewDue.onReviewDate(LocalDate.parse("2027-03-28"));
    assertThat(due).isEqualTo(Instant.parse("2027-03-28T00:00:00Z"));
    assertThat(due.atZone(ReviewDue.LONDON).toLocalTime().toString()).isEqualTo("00:00");
  }

  @Test
  void onTheDayTheClocksGoBackTheDayStartsAtMidnightBst() {
    // 25 October 2026: 02:00 BST becomes 01:00 GMT, so midnight is still BST (23:00 UTC on the 24th).
    Instant due = ReviewDue.onReviewDate(LocalDate.parse("2026-10-25"));
    assertThat(due).isEqualTo(Instant.parse("2026-10-24T23:00:00Z"));
    assertThat(due.atZone(ReviewDue.LONDON).toLocalDate()).isEqualTo(LocalDate.parse("2026-10-25"));
  }

  @Test
  void aTransitionReviewIsDueAfterElapsedHoursAcrossAClockChange() {
    // Transferred at noon GMT on the eve of the spring change: 24 elapsed hours later is 13:00 BST.
    Instant transfer = Instant.parse("2027-03-27T12:00:00Z");
    Instant due = ReviewDue.afterTransition(transfer, Duration.ofHours(24));
    assertThat(due).isEqualTo(Instant.parse("2027-03-28T12:00:00Z"));
    assertThat(ZonedDateTime.ofInstant(due, ReviewDue.LONDON).getHour()).isEqualTo(13);
    // And on the eve of the autumn change, 11:00 GMT.
    Instant autumn = ReviewDue.afterTransition(Instant.parse("2026-10-24T11:00:00Z"), Duration.ofHours(24));
    assertThat(ZonedDateTime.ofInstant(autumn, ReviewDue.LONDON).getHour()).isEqualTo(11);
  }

  @Test
  void aReviewIsBroughtForwardButNeverPushedBack() {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    assertThat(ReviewDue.sooner(null, now)).isEqualTo(now);
    assertThat(ReviewDue.sooner(now.plusSeconds(3600), now)).isEqualTo(now);
    assertThat(ReviewDue.sooner(now, now.plusSeconds(3600))).isEqualTo(now);
  }
}
