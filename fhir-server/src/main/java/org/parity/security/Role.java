package org.parity.security;

import java.util.Arrays;
import java.util.Optional;

/** Clinical and system roles, as Keycloak realm roles of the same name (deploy/keycloak/parity-realm.json). */
public enum Role {
  NURSE("nurse", true),
  HEALTHCARE_ASSISTANT("healthcare-assistant", true),
  DOCTOR("doctor", true),
  WARD_MANAGER("ward-manager", true),
  AUDITOR("auditor", false),
  PATIENT("patient", false),
  TRUST_SYSTEM("trust-system", false),
  INTEGRATOR("integrator", false);

  private final String code;
  private final boolean wardStaff;

  Role(String code, boolean wardStaff) {
    this.code = code;
    this.wardStaff = wardStaff;
  }

  /** The realm role name. */
  public String code() {
    return code;
  }

  /** Staff whose access follows the patients currently admitted to their wards. */
  public boolean wardStaff() {
    return wardStaff;
  }

  public static Optional<Role> fromCode(String code) {
    return Arrays.stream(values()).filter(role -> role.code.equals(code)).findFirst();
  }
}
