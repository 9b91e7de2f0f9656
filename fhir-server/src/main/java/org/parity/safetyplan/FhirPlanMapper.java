package org.parity.safetyplan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/** Maps a safety-plan CarePlan to the {@link Plan} the rules see, and writes the server's stamps back. */
public final class FhirPlanMapper {

  private FhirPlanMapper() {}

  public static boolean isSafetyPlan(CarePlan plan) {
    return plan != null && plan.getCategory().stream().flatMap(c -> c.getCoding().stream())
        .anyMatch(c -> SafetyPlanCodes.SYSTEM.equals(c.getSystem()) && SafetyPlanCodes.CATEGORY.equals(c.getCode()));
  }

  public static Plan plan(CarePlan plan) {
    return new Plan(
        plan.hasStatus() ? plan.getStatus().toCode() : null,
        ref(plan.getSubject()),
        agreement(plan.getExtensionByUrl(SafetyPlanCodes.AGREEMENT)),
        reviewDue(plan.getExtensionByUrl(SafetyPlanCodes.REVIEW_DUE)),
        reviewed(plan.getExtensionByUrl(SafetyPlanCodes.REVIEWED)),
        plan.getActivity().stream().map(FhirPlanMapper::entry).toList(),
        plan.getReplaces().stream().map(FhirPlanMapper::ref).toList());
  }

  static Plan.Entry entry(CarePlanActivityComponent activity) {
    String section = activity.getDetail().getCode().getCoding().stream()
        .filter(c -> SafetyPlanCodes.SYSTEM.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
    Extension author = activity.getExtensionByUrl(SafetyPlanCodes.ENTRY_AUTHOR);
    Extension written = activity.getExtensionByUrl(SafetyPlanCodes.ENTRY_WRITTEN);
    return new Plan.Entry(
        activity.getId(),
        section,
        activity.getDetail().getDescription(),
        author != null && author.getValue() instanceof Reference r ? ref(r) : null,
        written != null && written.getValue() instanceof DateTimeType t && t.getValue() != null
            ? t.getValue().toInstant() : null);
  }

  /** Gives every entry without one a stable id, so later versions can tell which entry is which. */
  static void assignIds(CarePlan plan) {
    for (CarePlanActivityComponent activity : plan.getActivity()) {
      if (activity.getId() == null || activity.getId().isBlank()) {
        activity.setId("e-" + UUID.randomUUID().toString().substring(0, 12));
      }
    }
  }

  /** Writes the stamped author and time of each entry onto the CarePlan (same order as {@link #plan}). */
  static void applyAuthors(CarePlan plan, List<Plan.Entry> stamped) {
    for (int i = 0; i < stamped.size(); i++) {
      CarePlanActivityComponent activity = plan.getActivity().get(i);
      Plan.Entry entry = stamped.get(i);
      Extension sent = activity.getExtensionByUrl(SafetyPlanCodes.ENTRY_AUTHOR);
      activity.getExtension().removeIf(e -> SafetyPlanCodes.ENTRY_AUTHOR.equals(e.getUrl())
          || SafetyPlanCodes.ENTRY_WRITTEN.equals(e.getUrl()));
      if (entry.author() != null) {
        Reference author = new Reference(entry.author());
        // The client's display name is kept only when it names the author the server settled on.
        if (sent != null && sent.getValue() instanceof Reference r && entry.author().equals(ref(r)) && r.hasDisplay()) {
          author.setDisplay(r.getDisplay());
        }
        activity.addExtension(SafetyPlanCodes.ENTRY_AUTHOR, author);
      }
      if (entry.written() != null) {
        activity.addExtension(SafetyPlanCodes.ENTRY_WRITTEN, new DateTimeType(Date.from(entry.written()),
            ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND, java.util.TimeZone.getTimeZone("Europe/London")));
      }
    }
  }

  private static Plan.Agreement agreement(Extension extension) {
    if (extension == null) {
      return null;
    }
    Extension date = extension.getExtensionByUrl("date");
    Extension method = extension.getExtensionByUrl("method");
    return new Plan.Agreement(
        date != null && date.getValue() instanceof DateTimeType t && t.getValue() != null ? t.getValue().toInstant() : null,
        method != null && method.getValue() instanceof Coding c ? c.getCode() : null);
  }

  private static LocalDate reviewDue(Extension extension) {
    if (extension != null && extension.getValue() instanceof DateType d && d.getValue() != null) {
      return LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay());
    }
    return null;
  }

  private static Plan.Review reviewed(Extension extension) {
    if (extension == null) {
      return null;
    }
    Extension date = extension.getExtensionByUrl("date");
    Extension by = extension.getExtensionByUrl("by");
    Instant when = date != null && date.getValue() instanceof DateTimeType t && t.getValue() != null
        ? t.getValue().toInstant() : null;
    return new Plan.Review(when, by != null && by.getValue() instanceof Reference r ? ref(r) : null);
  }

  static String ref(Reference reference) {
    return reference == null || !reference.hasReference() ? null
        : reference.getReferenceElement().toUnqualifiedVersionless().getValue();
  }
}
