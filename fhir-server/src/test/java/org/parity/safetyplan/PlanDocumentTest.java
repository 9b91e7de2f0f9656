package org.parity.safetyplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanDocumentTest {

  static final Instant WRITTEN = Instant.parse("2026-07-01T09:05:00Z");

  static PlanDocument.Plan plan(String status, boolean replaced, PlanDocument.Entry... entries) {
    return new PlanDocument.Plan(status, replaced, "3", List.of(entries), Instant.parse("2026-07-01T10:00:00Z"),
        LocalDate.parse("2026-10-01"));
  }

  static PlanDocument.Entry entry(String section, String words) {
    return new PlanDocument.Entry(section, words, "Fatima Nwosu (patient)", WRITTEN);
  }

  @Test
  void sectionsFollowTheSafetyPlanOrderAndOnlyThoseWithEntries() {
    var plan = plan("active", false, entry("reasons-for-living", "My nephew"), entry("warning-signs", "I stop eating"),
        entry("professionals-services", "Crisis line"), entry("warning-signs", "I stay in bed"),
        entry("not-a-section", "lost"));
    List<PlanDocument.Section> sections = PlanDocument.sections(plan);
    assertThat(sections).extracting(s -> s.section().code())
        .containsExactly("warning-signs", "professionals-services", "reasons-for-living");
    assertThat(sections.get(0).entries()).extracting(PlanDocument.Entry::words)
        .containsExactly("I stop eating", "I stay in bed");
    assertThat(sections.get(2).section().title()).isEqualTo("My reasons for living");
  }

  @Test
  void theTitleSaysWhenThePlanIsNotTheAgreedOneInUse() {
    assertThat(PlanDocument.title(plan("active", false))).isEqualTo("Safety plan");
    assertThat(PlanDocument.title(plan("draft", false))).isEqualTo("Safety plan (Draft — not yet agreed)");
    assertThat(PlanDocument.title(plan("revoked", true))).isEqualTo("Safety plan (Replaced by a newer version)");
    assertThat(PlanDocument.title(plan("revoked", false))).isEqualTo("Safety plan (No longer in use)");
    assertThat(PlanDocument.title(plan("completed", false))).isEqualTo("Safety plan (No longer in use)");
  }

  @Test
  void theNarrativeGivesTheWordsAsWrittenWithWhoAndWhenInLondonTime() {
    var plan = plan("revoked", true, entry("warning-signs", "I say \"I'm fine\" & <mean> it not"));
    String div = PlanDocument.narrative(PlanDocument.sections(plan).get(0), PlanDocument.note(plan));
    assertThat(div).startsWith("<div xmlns=\"http://www.w3.org/1999/xhtml\">")
        .contains("<b>Replaced by a newer version</b>")
        .contains("I say &quot;I'm fine&quot; &amp; &lt;mean&gt; it not")
        // 09:05 UTC is 10:05 British Summer Time.
        .contains("Written by Fatima Nwosu (patient), 1 July 2026, 10:05");
    assertThat(PlanDocument.narrative(PlanDocument.sections(plan).get(0), Optional.empty())).doesNotContain("<b>");
  }

  @Test
  void theSummaryNamesTheVersionAgreementAndReviewDate() {
    String summary = PlanDocument.summary(plan("active", false), "Fatima Nwosu");
    assertThat(summary).contains("Fatima Nwosu's safety plan, version 3.", "Agreed on 1 July 2026.",
        "To be reviewed by 1 October 2026.");
  }
}
