package org.parity.vte;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facts behind $populate (no server). */
class VteEvidenceTest {

  @Test
  void overSixtyMeansTheSixtiethBirthdayHasPassed() {
    LocalDate today = LocalDate.of(2026, 11, 27);
    assertThat(VteEvidence.ageOver60(LocalDate.of(1966, 11, 27), today)).isEmpty(); // 60 today
    assertThat(VteEvidence.ageOver60(LocalDate.of(1966, 11, 26), today)).contains("Born 1966-11-26: 60 years old");
    assertThat(VteEvidence.ageOver60(LocalDate.of(1958, 3, 2), today)).contains("Born 1958-03-02: 68 years old");
    assertThat(VteEvidence.ageOver60(null, today)).isEmpty();
  }

  @Test
  void obesityIsABmiAboveThirty() {
    assertThat(VteEvidence.obese(86.7, 170)).isEmpty(); // 30.0003, shown and compared as 30.0
    assertThat(VteEvidence.obese(87.0, 170)).get().asString().startsWith("BMI 30.1");
    assertThat(VteEvidence.obese(98, 170)).get().asString().startsWith("BMI 33.9 kg/m2 (latest weight 98 kg, height 170 cm)");
    assertThat(VteEvidence.obese(0, 170)).isEmpty();
  }

  @Test
  void antipsychoticsByAtcExceptLithiumOrByName() {
    assertThat(VteEvidence.antipsychotic(List.of("N05AH03"), List.of())).contains("ATC N05AH03");
    assertThat(VteEvidence.antipsychotic(List.of("n05ax08"), List.of())).contains("ATC N05AX08");
    assertThat(VteEvidence.antipsychotic(List.of("N05AN01"), List.of("Lithium carbonate"))).isEmpty();
    assertThat(VteEvidence.antipsychotic(List.of("N05BA01"), List.of("Diazepam 5 mg"))).isEmpty();
    assertThat(VteEvidence.antipsychotic(List.of(), List.of("Clozapine 100 mg tablets"))).contains("clozapine");
    assertThat(VteEvidence.antipsychotic(List.of(), List.of("Haloperidol decanoate depot"))).contains("haloperidol");
  }
}
