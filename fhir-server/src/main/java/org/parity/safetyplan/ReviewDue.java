package org.parity.safetyplan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** When a safety plan review is due. Days are days in England, whatever the server's time zone. */
final class ReviewDue {

  static final ZoneId LONDON = ZoneId.of("Europe/London");

  private ReviewDue() {}

  /**
   * Due at the start of the review date in Europe/London: 00:00 GMT in winter, 00:00 BST (23:00 UTC the day before)
   * in summer. Midnight exists on both clock-change days (the change is at 01:00 GMT), so no gap or overlap here.
   */
  static Instant onReviewDate(LocalDate reviewDate) {
    return reviewDate.atStartOfDay(LONDON).toInstant();
  }

  /**
   * Due this long after a transfer, leave or discharge: elapsed time, so a PT24H review after a transition on the
   * eve of a clock change falls at 23 or 25 hours by the ward clock (never later than the time the ward allowed).
   */
  static Instant afterTransition(Instant at, Duration within) {
    return at.plus(within);
  }

  /** The open Task keeps its due time unless the new one is sooner: a review is never pushed back. */
  static Instant sooner(Instant current, Instant candidate) {
    return current == null || candidate.isBefore(current) ? candidate : current;
  }
}
