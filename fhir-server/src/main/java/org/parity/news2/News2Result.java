package org.parity.news2;

import java.util.List;

/** Either a score, or the parameters missing from an incomplete set (which gets no score). */
public sealed interface News2Result {

  record Scored(News2Score score) implements News2Result {}

  record Incomplete(List<News2Parameter> missing) implements News2Result {
    public Incomplete {
      missing = List.copyOf(missing);
    }

    /** "Incomplete NEWS2 set, no score: not charted: pulse, temperature." */
    public String text() {
      return "Incomplete NEWS2 set, no score. Not charted: "
          + String.join(", ", missing.stream().map(News2Parameter::text).toList()) + ".";
    }
  }
}
