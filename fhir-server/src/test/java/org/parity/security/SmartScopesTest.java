package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.security.SmartScopes.Context.PATIENT;
import static org.parity.security.SmartScopes.Context.SYSTEM;
import static org.parity.security.SmartScopes.Context.USER;
import static org.parity.security.SmartScopes.Permission.CREATE;
import static org.parity.security.SmartScopes.Permission.DELETE;
import static org.parity.security.SmartScopes.Permission.READ;
import static org.parity.security.SmartScopes.Permission.SEARCH;
import static org.parity.security.SmartScopes.Permission.UPDATE;

import org.junit.jupiter.api.Test;

class SmartScopesTest {

  @Test
  void v2ScopesGrantExactlyTheirLetters() {
    SmartScopes scopes = SmartScopes.parse("openid fhirUser user/Observation.cru patient/*.rs");
    assertThat(scopes.permits(USER, "Observation", CREATE)).isTrue();
    assertThat(scopes.permits(USER, "Observation", READ)).isTrue();
    assertThat(scopes.permits(USER, "Observation", UPDATE)).isTrue();
    assertThat(scopes.permits(USER, "Observation", DELETE)).isFalse();
    assertThat(scopes.permits(USER, "Observation", SEARCH)).isFalse();
    assertThat(scopes.permits(USER, "Patient", READ)).isFalse();
    assertThat(scopes.permits(PATIENT, "Condition", SEARCH)).isTrue();
    assertThat(scopes.permits(PATIENT, "Condition", CREATE)).isFalse();
  }

  @Test
  void contextsDoNotLeakIntoEachOther() {
    SmartScopes scopes = SmartScopes.parse("system/*.rs");
    assertThat(scopes.permits(SYSTEM, "Patient", READ)).isTrue();
    assertThat(scopes.permits(USER, "Patient", READ)).isFalse();
    assertThat(scopes.permits(PATIENT, "Patient", READ)).isFalse();
  }

  @Test
  void v1NamesAreUnderstood() {
    SmartScopes scopes = SmartScopes.parse("user/Patient.read user/Observation.write user/Flag.*");
    assertThat(scopes.permits(USER, "Patient", SEARCH)).isTrue();
    assertThat(scopes.permits(USER, "Patient", UPDATE)).isFalse();
    assertThat(scopes.permits(USER, "Observation", CREATE)).isTrue();
    assertThat(scopes.permits(USER, "Observation", READ)).isFalse();
    assertThat(scopes.permits(USER, "Flag", DELETE)).isTrue();
  }

  @Test
  void malformedOrQualifiedScopesGrantNothing() {
    SmartScopes scopes = SmartScopes.parse(
        "user/Observation.rc user/observation.rs user/Observation.rs?category=vital-signs admin/*.cruds user/*.xyz");
    for (SmartScopes.Permission permission : SmartScopes.Permission.values()) {
      assertThat(scopes.permits(USER, "Observation", permission)).as(permission.name()).isFalse();
    }
    assertThat(SmartScopes.parse(null).permits(USER, "Patient", READ)).isFalse();
  }
}
