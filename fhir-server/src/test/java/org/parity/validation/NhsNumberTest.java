package org.parity.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

  @Test
  void publishedExampleIsValid() {
    // 943 476 5919 is the NHS CUI display example: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299, 299 mod 11 = 2, 11-2 = 9.
    assertThat(NhsNumber.isValid("9434765919")).isTrue();
    assertThat(NhsNumber.checkDigit("943476591")).isEqualTo(9);
  }

  @Test
  void remainderZeroGivesCheckDigitZero() {
    // 100000001: 1*10 + 1*2 = 12 -> 12 mod 11 = 1 -> 10 (never issued)
    assertThat(NhsNumber.checkDigit("100000001")).isNull();
    // 110000000: 10 + 9 = 19 -> 8 -> 3
    assertThat(NhsNumber.checkDigit("110000000")).isEqualTo(3);
    // 000000000: sum 0 -> 11 -> 0
    assertThat(NhsNumber.checkDigit("000000000")).isZero();
    // 999000000: 90+81+72 = 243 = 11*22+1 -> 10: never issued
    assertThat(NhsNumber.checkDigit("999000000")).isNull();
    // 999000001: 243+2 = 245 = 11*22+3 -> 8
    assertThat(NhsNumber.isValid("9990000018")).isTrue();
  }

  @Test
  void wrongCheckDigitIsRejectedWithTheExpectedDigit() {
    assertThat(NhsNumber.problem("9434765918")).contains("check digit should be 9");
  }

  @Test
  void numberWhoseCheckDigitWouldBeTenIsNeverValid() {
    for (int d = 0; d <= 9; d++) {
      assertThat(NhsNumber.isValid("999000000" + d)).isFalse();
    }
    assertThat(NhsNumber.problem("9990000000")).contains("never be issued");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "943476591", "94347659190", "943 476 5919", "94347659AB"})
  void malformedValuesAreRejected(String value) {
    assertThat(NhsNumber.isValid(value)).isFalse();
  }

  @Test
  void nullIsRejected() {
    assertThat(NhsNumber.isValid(null)).isFalse();
    assertThatThrownBy(() -> NhsNumber.checkDigit("12")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsThreeThreeFour() {
    assertThat(NhsNumber.format("9434765919")).isEqualTo("943 476 5919");
    assertThat(NhsNumber.format("abc")).isEqualTo("abc");
  }
}
