package org.parity.safetyplan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One version of a safety plan as the rules see it (mapped from a CarePlan by {@link FhirPlanMapper}).
 *
 * @param status the CarePlan status code (draft, active, revoked, completed, entered-in-error)
 * @param subject {@code Patient/id}
 * @param agreement the patient's agreement, or null
 * @param reviewDue the agreed review date, or null
 * @param reviewed the latest review, or null
 * @param entries the entries in the patient's (or a named person's) words
 * @param replaces the plans this version revises ({@code CarePlan/id})
 */
public record Plan(String status, String subject, Agreement agreement, LocalDate reviewDue, Review reviewed,
    List<Entry> entries, List<String> replaces) {

  /** The patient agreed this version: when and how (a code of the agreement-method ValueSet). */
  public record Agreement(Instant date, String method) {}

  /** A review with the patient that kept the words as they are. */
  public record Review(Instant date, String by) {}

  /**
   * One entry. {@code author} is whose words these are ({@code Patient/x}, {@code Practitioner/y} or
   * {@code RelatedPerson/z}); {@code written} when they were written, stamped by the server.
   */
  public record Entry(String id, String section, String words, String author, Instant written) {

    boolean sameWords(Entry other) {
      return other != null && java.util.Objects.equals(section, other.section)
          && java.util.Objects.equals(words, other.words);
    }

    Entry by(String newAuthor, Instant when) {
      return new Entry(id, section, words, newAuthor, when);
    }
  }

  public boolean isActive() {
    return "active".equals(status);
  }

  long count(String section) {
    return entries.stream().filter(e -> section.equals(e.section())).count();
  }
}
