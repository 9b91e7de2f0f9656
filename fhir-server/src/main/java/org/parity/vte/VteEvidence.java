package org.parity.vte;

import java.time.LocalDate;
import java.time.Period;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which answers of the VTE form the record already supports (the facts behind {@code $populate}). Pure: no
 * framework types. Only "yes" is ever derived; absence of evidence is never a "no".
 */
public final class VteEvidence {

  /**
   * Antipsychotics recognised by name when a medication carries no ATC code (lower case, matched as a word in the
   * text or display). WHO ATC N05A members in use in the UK, lithium (N05AN) left out as the ATC rule does.
   */
  public static final List<String> ANTIPSYCHOTIC_NAMES = List.of(
      "amisulpride", "aripiprazole", "asenapine", "benperidol", "cariprazine", "chlorpromazine", "clozapine",
      "flupentixol", "fluphenazine", "haloperidol", "levomepromazine", "lurasidone", "olanzapine", "paliperidone",
      "pericyazine", "perphenazine", "pimozide", "promazine", "quetiapine", "risperidone", "sulpiride",
      "trifluoperazine", "zuclopenthixol");

  private VteEvidence() {}

  /** Age in whole years on {@code today}. */
  public static int age(LocalDate birthDate, LocalDate today) {
    return Period.between(birthDate, today).getYears();
  }

  /**
   * DH tool "age &gt; 60": older than 60 years, i.e. the 60th birthday has passed (a patient on their 60th
   * birthday is 60, not over 60). The reason names the birth date and the age.
   */
  public static Optional<String> ageOver60(LocalDate birthDate, LocalDate today) {
    if (birthDate == null || !birthDate.plusYears(60).isBefore(today)) {
      return Optional.empty();
    }
    return Optional.of("Born " + birthDate + ": " + age(birthDate, today) + " years old");
  }

  /** Body mass index in kg/m2. */
  public static double bmi(double kg, double cm) {
    double m = cm / 100.0;
    return kg / (m * m);
  }

  /** DH tool "obesity (BMI &gt; 30 kg/m2)" from the latest weight and height. */
  public static Optional<String> obese(double kg, double cm) {
    if (kg <= 0 || cm <= 0) {
      return Optional.empty();
    }
    double bmi = bmi(kg, cm);
    if (bmi <= 30.0) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "BMI %.1f kg/m2 (latest weight %s kg, height %s cm)", bmi,
        trim(kg), trim(cm)));
  }

  /** ATC N05A (antipsychotics) except N05AN (lithium). */
  public static boolean antipsychoticAtc(String code) {
    if (code == null) {
      return false;
    }
    String c = code.trim().toUpperCase(Locale.ROOT);
    return c.startsWith("N05A") && !c.startsWith("N05AN");
  }

  /** Whether a medication is an antipsychotic by an ATC code, else by a name in {@link #ANTIPSYCHOTIC_NAMES}. */
  public static Optional<String> antipsychotic(Collection<String> atcCodes, Collection<String> texts) {
    for (String code : atcCodes) {
      if (antipsychoticAtc(code)) {
        return Optional.of("ATC " + code.trim().toUpperCase(Locale.ROOT));
      }
    }
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      String lower = text.toLowerCase(Locale.ROOT);
      for (String name : ANTIPSYCHOTIC_NAMES) {
        if (lower.matches("(?s).*\\b" + name + "\\b.*")) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }
}
