package org.parity.news2;

import java.util.Map;
import java.util.Objects;

/**
 * A complete NEWS2 score: the sub-score of each parameter (Chart 1 order), the total (0–20), whether any
 * parameter scored 3 (a "red" score), the Chart 4 response and the SpO2 scale used.
 */
public record News2Score(Map<News2Parameter, Integer> subScores, int total, boolean red, News2Response response,
    SpO2Scale scale) {

  public News2Score {
    subScores = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(subScores));
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(scale, "scale");
  }

  public int subScore(News2Parameter parameter) {
    return subScores.get(parameter);
  }
}
