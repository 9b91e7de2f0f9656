package org.parity.safetyplan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a safety-plan document says, from the plan's facts: its title, the note on a plan that is not the agreed
 * current one, and one section per plan section that has entries, each entry in the patient's (or contributor's)
 * words with who wrote it and when. Pure: no FHIR types; the xhtml is built here so it can be tested directly.
 * Never any risk level or score: there is none in the plan to show.
 */
public final class PlanDocument {

  public static final String TITLE = "Safety plan";
  public static final String DRAFT = "Draft — not yet agreed";
  public static final String SUPERSEDED = "Replaced by a newer version";
  public static final String NOT_IN_USE = "No longer in use";

  static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

  /** One entry: section code, the words as written, who wrote them (a label such as "Fatima Nwosu (patient)"), when. */
  public record Entry(String section, String words, String writtenBy, Instant written) {}

  /**
   * The plan: its FHIR status code, whether a newer plan replaces it, its version, its entries in plan order,
   * when the patient agreed it and when it is due for review (either may be null).
   */
  public record Plan(String status, boolean replaced, String version, List<Entry> entries, Instant agreed,
      LocalDate reviewDue) {}

  /** A document section: which plan section, and its entries in the order the plan has them. */
  public record Section(DocumentSection section, List<Entry> entries) {}

  private PlanDocument() {}

  /** Why this is not the agreed plan in use, if it is not: shown in the title and in every section. */
  public static Optional<String> note(Plan plan) {
    return switch (plan.status()) {
      case "active" -> Optional.empty();
      case "draft" -> Optional.of(DRAFT);
      case "revoked" -> Optional.of(plan.replaced() ? SUPERSEDED : NOT_IN_USE);
      default -> Optional.of(NOT_IN_USE);
    };
  }

  public static String title(Plan plan) {
    return note(plan).map(n -> TITLE + " (" + n + ")").orElse(TITLE);
  }

  /** Sections that have entries, in the plan's section order; entries of unknown sections are left out. */
  public static List<Section> sections(Plan plan) {
    Map<DocumentSection, List<Entry>> by = new EnumMap<>(DocumentSection.class);
    for (Entry entry : plan.entries()) {
      DocumentSection.of(entry.section()).ifPresent(s -> by.computeIfAbsent(s, k -> new ArrayList<>()).add(entry));
    }
    List<Section> sections = new ArrayList<>();
    by.forEach((section, entries) -> sections.add(new Section(section, List.copyOf(entries))));
    return sections;
  }

  /** A section's narrative: the note (if any), then each entry's words and, under them, who wrote it and when. */
  public static String narrative(Section section, Optional<String> note) {
    StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
    note.ifPresent(n -> div.append("<p><b>").append(escape(n)).append("</b></p>"));
    div.append("<ul>");
    for (Entry entry : section.entries()) {
      div.append("<li><p>").append(escape(entry.words())).append("</p><p>Written by ")
          .append(escape(entry.writtenBy()));
      if (entry.written() != null) {
        div.append(", ").append(WHEN.format(entry.written().atZone(LONDON)));
      }
      div.append("</p></li>");
    }
    return div.append("</ul></div>").toString();
  }

  /** The Composition's own narrative: title, version, agreement and review date, in plain words. */
  public static String summary(Plan plan, String patientName) {
    StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\">");
    div.append("<p><b>").append(escape(title(plan))).append("</b></p>");
    div.append("<p>").append(escape(patientName)).append("'s safety plan, version ").append(escape(plan.version()))
        .append(".</p>");
    if (plan.agreed() != null) {
      div.append("<p>Agreed on ").append(DAY.format(plan.agreed().atZone(LONDON))).append(".</p>");
    }
    if (plan.reviewDue() != null) {
      div.append("<p>To be reviewed by ").append(DAY.format(plan.reviewDue())).append(".</p>");
    }
    return div.append("</div>").toString();
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
