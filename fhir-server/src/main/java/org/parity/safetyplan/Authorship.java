package org.parity.safetyplan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who wrote each entry. The server, not the client, keeps this true: an entry whose words did not change keeps its
 * author and time whatever the client sends; a new or changed entry is stamped with the time and attributed by the
 * rules below. Pure: no framework types.
 */
public final class Authorship {

  /** Who is writing: a signed-in patient, a signed-in member of staff, or an unsigned caller (security off). */
  public sealed interface Writer permits PatientWriter, StaffWriter, UnsignedWriter {}

  /** A patient signed in with a patient-scoped token ({@code Patient/x}). */
  public record PatientWriter(String patient) implements Writer {}

  /** Staff; {@code practitioner} is their own Practitioner ({@code fhirUser}), null when the token has none. */
  public record StaffWriter(String practitioner) implements Writer {}

  /** Security switched off (development, tests) or a server-internal write: the client's attribution is checked. */
  public record UnsignedWriter() implements Writer {}

  /**
   * The entries as stored, and what is wrong: {@code problems} answer 422, {@code forbidden} (a patient touching
   * someone else's words) answers 403.
   */
  public record Result(List<Plan.Entry> entries, List<Problem> problems, List<Problem> forbidden) {}

  private Authorship() {}

  /**
   * @param previous the stored entries (empty for a new plan)
   * @param next the entries the client sent
   * @param patient the plan's patient ({@code Patient/x})
   * @param contributors the RelatedPersons the patient has consented may contribute (Consent action contribute)
   */
  public static Result stamp(List<Plan.Entry> previous, List<Plan.Entry> next, Writer writer, String patient,
      Set<String> contributors, Instant now) {
    Map<String, Plan.Entry> before = new HashMap<>();
    previous.forEach(e -> before.put(e.id(), e));
    List<Plan.Entry> stamped = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<Problem> forbidden = new ArrayList<>();
    for (int i = 0; i < next.size(); i++) {
      Plan.Entry entry = next.get(i);
      Plan.Entry old = before.remove(entry.id());
      String at = "CarePlan.activity[" + i + "]";
      if (old != null && old.sameWords(entry)) {
        stamped.add(entry.by(old.author(), old.written()));
        continue;
      }
      if (writer instanceof PatientWriter p && old != null && !p.patient().equals(old.author())) {
        forbidden.add(new Problem(at, "You can change only what you wrote; this entry is "
            + describe(old.author(), patient) + " words"));
        stamped.add(old);
        continue;
      }
      String author = attribute(entry.author(), writer, patient, contributors, at, problems);
      stamped.add(entry.by(author, now));
    }
    if (writer instanceof PatientWriter p) {
      before.values().stream().filter(old -> !p.patient().equals(old.author())).forEach(old ->
          forbidden.add(new Problem("CarePlan.activity", "You can remove only what you wrote; the entry '"
              + old.id() + "' is " + describe(old.author(), patient) + " words")));
    }
    return new Result(stamped, problems, forbidden);
  }

  private static String attribute(String claimed, Writer writer, String patient, Set<String> contributors,
      String at, List<Problem> problems) {
    String where = at + ".extension('" + SafetyPlanCodes.ENTRY_AUTHOR + "')";
    // NHS England 2025: the plan is the patient's own; what they write is theirs, whatever the client says.
    if (writer instanceof PatientWriter p) {
      return p.patient();
    }
    if (writer instanceof StaffWriter s) {
      String author = claimed != null ? claimed : s.practitioner();
      if (author == null) {
        problems.add(new Problem(where, "Say whose words these are: the patient's, yours, or a consented carer's"));
      } else if (!author.equals(patient) && !author.equals(s.practitioner())
          && !consented(author, contributors, where, problems) && !author.startsWith("RelatedPerson/")) {
        problems.add(new Problem(where, author.startsWith("Practitioner/")
            ? "Staff write entries in their own name ("
                + (s.practitioner() == null ? "your token names no Practitioner" : s.practitioner())
                + ") or record the patient's or a consented carer's words, not another colleague's"
            : "An entry is the words of the patient (" + patient + "), a member of staff or a consented carer, not "
                + author));
      }
      return author;
    }
    if (claimed == null) {
      problems.add(new Problem(where, "Say whose words these are: the patient, a Practitioner or a consented "
          + "RelatedPerson"));
    } else if (!claimed.equals(patient) && !claimed.startsWith("Practitioner/")
        && !consented(claimed, contributors, where, problems) && !claimed.startsWith("RelatedPerson/")) {
      problems.add(new Problem(where, "An entry is the words of the patient (" + patient
          + "), a member of staff or a consented carer, not " + claimed));
    }
    return claimed;
  }

  /** True for a RelatedPerson the patient has consented may contribute; a RelatedPerson without consent is a problem. */
  private static boolean consented(String author, Set<String> contributors, String where, List<Problem> problems) {
    if (!author.startsWith("RelatedPerson/")) {
      return false;
    }
    if (contributors.contains(author)) {
      return true;
    }
    problems.add(new Problem(where, author + " may add to this plan only with the patient's consent: record a "
        + "Consent (parity-safety-plan-consent) naming them with the action 'contribute'"));
    return false;
  }

  private static String describe(String author, String patient) {
    if (author == null) {
      return "someone else's";
    }
    if (author.equals(patient)) {
      return "your";
    }
    return author + "'s";
  }
}
