package org.parity.news2;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One set of NEWS2 observations. A null value means "not charted in this set". Numbers are as charted
 * (decimals allowed); {@code onOxygen} is true for "patient on oxygen", false for "breathing room air".
 */
public record VitalSigns(
    BigDecimal respirationRate,
    BigDecimal spo2,
    Boolean onOxygen,
    BigDecimal systolic,
    BigDecimal pulse,
    Consciousness consciousness,
    BigDecimal temperature,
    SpO2Scale scale) {

  public VitalSigns {
    Objects.requireNonNull(scale, "scale");
  }

  /** The parameters not charted, in Chart 1 order. */
  public List<News2Parameter> missing() {
    List<News2Parameter> missing = new ArrayList<>();
    if (respirationRate == null) {
      missing.add(News2Parameter.RESPIRATION_RATE);
    }
    if (spo2 == null) {
      missing.add(News2Parameter.SPO2);
    }
    if (onOxygen == null) {
      missing.add(News2Parameter.AIR_OR_OXYGEN);
    }
    if (systolic == null) {
      missing.add(News2Parameter.SYSTOLIC_BP);
    }
    if (pulse == null) {
      missing.add(News2Parameter.PULSE);
    }
    if (consciousness == null) {
      missing.add(News2Parameter.CONSCIOUSNESS);
    }
    if (temperature == null) {
      missing.add(News2Parameter.TEMPERATURE);
    }
    return List.copyOf(missing);
  }
}
