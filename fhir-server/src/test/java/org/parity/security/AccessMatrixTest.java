package org.parity.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parity.security.SmartScopes.Permission.CREATE;
import static org.parity.security.SmartScopes.Permission.DELETE;
import static org.parity.security.SmartScopes.Permission.READ;
import static org.parity.security.SmartScopes.Permission.SEARCH;
import static org.parity.security.SmartScopes.Permission.UPDATE;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessMatrixTest {

  private static Caller caller(String scopes, Role... roles) {
    return new Caller("sub", "user", "ward-ui", Optional.empty(), Set.of(roles), Set.of("ZZW01"),
        SmartScopes.parse(scopes), true);
  }

  @Test
  void healthcareAssistantChartsObservationsButCannotAssessOrSignOff() {
    Caller hca = caller("user/*.cruds", Role.HEALTHCARE_ASSISTANT);
    assertThat(AccessMatrix.permits(hca, "Observation", CREATE)).isTrue();
    assertThat(AccessMatrix.permits(hca, "Observation", UPDATE)).isTrue();
    assertThat(AccessMatrix.permits(hca, "RiskAssessment", CREATE)).isFalse();
    assertThat(AccessMatrix.permits(hca, "QuestionnaireResponse", CREATE)).isFalse();
    assertThat(AccessMatrix.permits(hca, "QuestionnaireResponse", UPDATE)).isFalse();
    assertThat(AccessMatrix.permits(hca, "Patient", READ)).isTrue();
    assertThat(AccessMatrix.permits(hca, "Task", CREATE)).isFalse();
    assertThat(AccessMatrix.permits(hca, "Task", UPDATE)).isTrue();
  }

  @Test
  void scopeAndRoleAreBothNeeded() {
    // Keycloak hands any optional scope to anyone: the role still limits.
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.HEALTHCARE_ASSISTANT), "Condition", CREATE)).isFalse();
    // And a role does not act beyond the scopes the client asked for.
    assertThat(AccessMatrix.permits(caller("user/Observation.rs", Role.NURSE), "Observation", CREATE)).isFalse();
    assertThat(AccessMatrix.permits(caller("user/Observation.rs", Role.NURSE), "Observation", SEARCH)).isTrue();
    // A staff role needs user/ scopes, not patient/ or system/ ones.
    assertThat(AccessMatrix.permits(caller("system/*.rs patient/*.rs", Role.NURSE), "Observation", READ)).isFalse();
  }

  @Test
  void nobodyDeletesClinicalRecords() {
    for (Role role : Role.values()) {
      for (String type : new String[] {"Observation", "Patient", "Encounter", "CarePlan", "AuditEvent", "Task"}) {
        assertThat(AccessMatrix.permits(caller("user/*.cruds patient/*.cruds system/*.cruds", role), type, DELETE))
            .as(role + " " + type).isFalse();
      }
    }
  }

  @Test
  void doctorsRecordDiagnosesNursesDoNot() {
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.DOCTOR), "Condition", CREATE)).isTrue();
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.NURSE), "Condition", CREATE)).isFalse();
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.NURSE), "RiskAssessment", CREATE)).isTrue();
  }

  @Test
  void auditTrailIsForAuditorsAndWardManagersOnly() {
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.AUDITOR), "AuditEvent", SEARCH)).isTrue();
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.AUDITOR), "Observation", READ)).isFalse();
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.WARD_MANAGER), "AuditEvent", READ)).isTrue();
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.NURSE), "AuditEvent", READ)).isFalse();
    assertThat(AccessMatrix.permits(caller("user/*.cruds", Role.AUDITOR), "AuditEvent", CREATE)).isFalse();
  }

  @Test
  void patientsReadTheirRecordAndWriteOnlySafetyPlans() {
    Caller patient = caller("patient/*.rs patient/CarePlan.cru", Role.PATIENT);
    assertThat(AccessMatrix.permits(patient, "Observation", READ)).isTrue();
    assertThat(AccessMatrix.permits(patient, "Observation", CREATE)).isFalse();
    assertThat(AccessMatrix.permits(patient, "CarePlan", CREATE)).isTrue();
    assertThat(AccessMatrix.permits(patient, "AuditEvent", READ)).isFalse();
  }

  @Test
  void integratorsHandleReferralsOnly() {
    Caller integrator = caller("system/ServiceRequest.cru system/Task.cru system/*.rs", Role.INTEGRATOR);
    assertThat(AccessMatrix.permits(integrator, "ServiceRequest", CREATE)).isTrue();
    assertThat(AccessMatrix.permits(integrator, "Task", UPDATE)).isTrue();
    assertThat(AccessMatrix.permits(integrator, "Observation", READ)).isFalse();
    assertThat(AccessMatrix.permits(integrator, "Patient", READ)).isFalse();
  }

  @Test
  void trustSystemsOnlyRead() {
    Caller trust = caller("system/*.cruds", Role.TRUST_SYSTEM);
    assertThat(AccessMatrix.permits(trust, "Observation", SEARCH)).isTrue();
    assertThat(AccessMatrix.permits(trust, "Observation", CREATE)).isFalse();
    assertThat(AccessMatrix.permits(trust, "AuditEvent", READ)).isFalse();
  }
}
