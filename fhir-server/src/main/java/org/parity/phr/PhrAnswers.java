package org.parity.phr;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a physical health review records, without FHIR types.
 *
 * @param recorded linkIds of the value items that have an answer (not-done items excluded)
 * @param notDone the reason given per item group linkId ("Not done, because…"), blank reasons left out
 * @param quantities numeric answers by linkId, in the Questionnaire's UCUM unit (kg, cm, kg/m2, mm[Hg], /min,
 *     mmol/mol, mmol/L, %, ms)
 * @param flags boolean answers by linkId
 * @param smoking the smoking status code (SNOMED CT), if answered
 */
public record PhrAnswers(Set<String> recorded, Map<String, String> notDone, Map<String, Double> quantities,
    Map<String, Boolean> flags, Optional<String> smoking) {

  public PhrAnswers {
    recorded = Set.copyOf(recorded);
    notDone = Map.copyOf(notDone);
    quantities = Map.copyOf(quantities);
    flags = Map.copyOf(flags);
  }

  public Optional<Double> quantity(String linkId) {
    return Optional.ofNullable(quantities.get(linkId));
  }

  public boolean yes(String linkId) {
    return Boolean.TRUE.equals(flags.get(linkId));
  }
}
