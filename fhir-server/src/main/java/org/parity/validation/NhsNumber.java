package org.parity.validation;

/** NHS number rules. Pure: no framework types. */
public final class NhsNumber {

  public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

  private static final int[] WEIGHTS = {10, 9, 8, 7, 6, 5, 4, 3, 2};

  private NhsNumber() {}

  /** Why a value is not a valid NHS number, or null when it is valid. */
  public static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "NHS number is empty";
    }
    if (!value.matches("\\d{10}")) {
      return "NHS number must be exactly 10 digits without spaces (got '" + value + "')";
    }
    Integer check = checkDigit(value.substring(0, 9));
    if (check == null) {
      return "NHS number " + value + " can never be issued: its modulus-11 check digit would be 10";
    }
    if (check != value.charAt(9) - '0') {
      return "NHS number " + value + " fails the modulus-11 check: the check digit should be " + check;
    }
    return null;
  }

  public static boolean isValid(String value) {
    return problem(value) == null;
  }

  /**
   * The modulus-11 check digit for nine digits, or null when the result is 10 (never issued).
   * NHS Data Dictionary, NHS NUMBER: weights 10..2, 11 - (sum mod 11), 11 becomes 0, 10 is invalid.
   */
  public static Integer checkDigit(String firstNine) {
    if (firstNine == null || !firstNine.matches("\\d{9}")) {
      throw new IllegalArgumentException("nine digits expected");
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (firstNine.charAt(i) - '0') * WEIGHTS[i];
    }
    int check = 11 - (sum % 11);
    if (check == 11) {
      return 0;
    }
    return check == 10 ? null : check;
  }

  /** The NHS display convention: 3-3-4 digits separated by spaces (NHS CUI). */
  public static String format(String value) {
    if (value == null || !value.matches("\\d{10}")) {
      return value;
    }
    return value.substring(0, 3) + " " + value.substring(3, 6) + " " + value.substring(6);
  }
}
