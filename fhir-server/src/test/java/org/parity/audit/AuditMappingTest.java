package org.parity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;
import org.parity.security.Caller;
import org.parity.security.Role;
import org.parity.security.SmartScopes;

/** The pure BALP and Provenance mappings, without Spring. */
class AuditMappingTest {

  private static final Caller NURSE = new Caller("sub-1", "willow.nurse", "parity-ward-ui",
      Optional.of("Practitioner/demo-nurse-willow"), Set.of(Role.NURSE), Set.of("ZZT01"), SmartScopes.parse(""), true);
  private static final Caller TRUST = new Caller("sub-2", "service-account-trust", "trust-system",
      Optional.empty(), Set.of(Role.TRUST_SYSTEM), Set.of(), SmartScopes.parse(""), true);

  private static Access access(String interaction, String operation, String method, int status, Caller caller,
      Set<String> patients, Set<String> breakGlass, String query) {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    return new Access(now.minusMillis(40), now, interaction, operation, method, method + " http://x/fhir/Patient",
        status, status >= 400 ? "refused" : null, caller, true, "10.0.0.7", "http://x/fhir", "req-1",
        patients, breakGlass, List.of("Patient/1/_history/2"), query);
  }

  @Test
  void interactionsMapToBalpActions() {
    assertThat(AuditEvents.action("create", "POST")).isEqualTo(AuditEventAction.C);
    assertThat(AuditEvents.action("read", "GET")).isEqualTo(AuditEventAction.R);
    assertThat(AuditEvents.action("vread", "GET")).isEqualTo(AuditEventAction.R);
    assertThat(AuditEvents.action("history-instance", "GET")).isEqualTo(AuditEventAction.R);
    assertThat(AuditEvents.action("update", "PUT")).isEqualTo(AuditEventAction.U);
    assertThat(AuditEvents.action("patch", "PATCH")).isEqualTo(AuditEventAction.U);
    assertThat(AuditEvents.action("delete", "DELETE")).isEqualTo(AuditEventAction.D);
    assertThat(AuditEvents.action("search-type", "GET")).isEqualTo(AuditEventAction.E);
    assertThat(AuditEvents.action("transaction", "POST")).isEqualTo(AuditEventAction.E);
    assertThat(AuditEvents.action("operation", "GET")).isEqualTo(AuditEventAction.E);
    // No interaction determined (unknown type, refused early): from the HTTP method.
    assertThat(AuditEvents.action(null, "DELETE")).isEqualTo(AuditEventAction.D);
    assertThat(AuditEvents.action(null, "GET")).isEqualTo(AuditEventAction.R);
  }

  @Test
  void hapiOperationTypesMapToRestfulInteractionCodes() {
    assertThat(AuditTrail.interaction(RestOperationTypeEnum.SEARCH_TYPE, null)).isEqualTo("search-type");
    assertThat(AuditTrail.interaction(RestOperationTypeEnum.GET_PAGE, null)).isEqualTo("search-type");
    assertThat(AuditTrail.interaction(RestOperationTypeEnum.METADATA, null)).isEqualTo("capabilities");
    assertThat(AuditTrail.interaction(RestOperationTypeEnum.TRANSACTION,
        new Bundle().setType(Bundle.BundleType.BATCH))).isEqualTo("batch");
    assertThat(AuditTrail.interaction(RestOperationTypeEnum.TRANSACTION,
        new Bundle().setType(Bundle.BundleType.TRANSACTION))).isEqualTo("transaction");
    assertThat(AuditTrail.interaction(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, null)).isEqualTo("operation");
    assertThat(AuditTrail.interaction(RestOperationTypeEnum.VALIDATE, null)).isEqualTo("operation");
    assertThat(AuditTrail.operationName(RestOperationTypeEnum.VALIDATE, null)).isEqualTo("$validate");
    assertThat(AuditTrail.operationName(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "$fluid-balance"))
        .isEqualTo("$fluid-balance");
    assertThat(AuditTrail.operationName(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, "export")).isEqualTo("$export");
  }

  @Test
  void statusesMapToOutcomes() {
    assertThat(AuditEvents.outcome(200)).isEqualTo(AuditEventOutcome._0);
    assertThat(AuditEvents.outcome(201)).isEqualTo(AuditEventOutcome._0);
    assertThat(AuditEvents.outcome(304)).isEqualTo(AuditEventOutcome._0);
    assertThat(AuditEvents.outcome(403)).isEqualTo(AuditEventOutcome._4);
    assertThat(AuditEvents.outcome(422)).isEqualTo(AuditEventOutcome._4);
    assertThat(AuditEvents.outcome(500)).isEqualTo(AuditEventOutcome._8);
  }

  @Test
  void userAgentIsTheFhirUserWithUsernameAndRolesAndTheClientIsNotTheRequestor() {
    AuditEvent event = AuditEvents.toAuditEvent(access("read", null, "GET", 200, NURSE, Set.of("Patient/1"), Set.of(), null));
    AuditEvent.AuditEventAgentComponent user = event.getAgent().get(0);
    assertThat(user.getRequestor()).isTrue();
    assertThat(user.getWho().getReference()).isEqualTo("Practitioner/demo-nurse-willow");
    assertThat(user.getAltId()).isEqualTo("willow.nurse");
    assertThat(user.getRole()).extracting(r -> r.getCodingFirstRep().getCode()).containsExactly("nurse");
    AuditEvent.AuditEventAgentComponent client = event.getAgent().get(1);
    assertThat(client.getRequestor()).isFalse();
    assertThat(client.getWho().getIdentifier().getValue()).isEqualTo("parity-ward-ui");
    assertThat(client.getNetwork().getAddress()).isEqualTo("10.0.0.7");
    assertThat(event.getPurposeOfEvent()).extracting(p -> p.getCodingFirstRep().getCode()).containsExactly("TREAT");
    assertThat(event.getEntity()).filteredOn(e -> "1".equals(e.getRole().getCode()))
        .extracting(e -> e.getWhat().getReference()).containsExactly("Patient/1");
    assertThat(event.getEntity()).filteredOn(e -> "4".equals(e.getRole().getCode()))
        .extracting(e -> e.getWhat().getReference()).containsExactly("Patient/1/_history/2");
    assertThat(event.getPeriod().getStart()).isBefore(event.getPeriod().getEnd());
  }

  @Test
  void breakGlassPatientsGivePurposeBtgAndSystemsNoPurpose() {
    AuditEvent onlyBtg = AuditEvents.toAuditEvent(
        access("read", null, "GET", 200, NURSE, Set.of("Patient/1"), Set.of("Patient/1"), null));
    assertThat(onlyBtg.getPurposeOfEvent()).extracting(p -> p.getCodingFirstRep().getCode()).containsExactly("BTG");
    AuditEvent mixed = AuditEvents.toAuditEvent(
        access("search-type", null, "GET", 200, NURSE, Set.of("Patient/1", "Patient/2"), Set.of("Patient/2"), "q"));
    assertThat(mixed.getPurposeOfEvent()).extracting(p -> p.getCodingFirstRep().getCode())
        .containsExactly("TREAT", "BTG");
    AuditEvent system = AuditEvents.toAuditEvent(access("search-type", null, "GET", 200, TRUST, Set.of(), Set.of(), "q"));
    assertThat(system.hasPurposeOfEvent()).isFalse();
    assertThat(system.getAgent().get(0).getWho().getIdentifier().getValue()).isEqualTo("service-account-trust");
  }

  @Test
  void searchesCarryTheirQueryAndOperationsTheirName() {
    AuditEvent search = AuditEvents.toAuditEvent(access("search-type", null, "GET", 200, NURSE, Set.of(), Set.of(),
        "http://x/fhir/Patient?name=smith"));
    AuditEvent.AuditEventEntityComponent query = search.getEntity().stream()
        .filter(e -> "24".equals(e.getRole().getCode())).findFirst().orElseThrow();
    assertThat(new String(query.getQuery(), StandardCharsets.UTF_8)).isEqualTo("http://x/fhir/Patient?name=smith");

    AuditEvent operation = AuditEvents.toAuditEvent(access("operation", "$fluid-balance", "GET", 403, NURSE,
        Set.of("Patient/1"), Set.of(), null));
    assertThat(operation.getSubtype()).extracting(Coding::getCode).containsExactly("operation", "$fluid-balance");
    assertThat(operation.getOutcome()).isEqualTo(AuditEventOutcome._4);
    assertThat(operation.getOutcomeDesc()).isEqualTo("HTTP 403: refused");
  }

  @Test
  void provenanceNamesEveryTargetTheAuthorAndTheClient() {
    Provenance provenance = Provenances.toProvenance(List.of("Patient/1/_history/1", "Encounter/2/_history/3"),
        List.of(Provenances.Activity.CREATE, Provenances.Activity.UPDATE), NURSE, false, Instant.now());
    assertThat(provenance.getTarget()).extracting(r -> r.getReference())
        .containsExactly("Patient/1/_history/1", "Encounter/2/_history/3");
    assertThat(provenance.getActivity().getCoding()).extracting(Coding::getCode).containsExactly("CREATE", "UPDATE");
    assertThat(provenance.getAgent().get(0).getType().getCodingFirstRep().getCode()).isEqualTo("author");
    assertThat(provenance.getAgent().get(0).getWho().getReference()).isEqualTo("Practitioner/demo-nurse-willow");
    assertThat(provenance.getAgent().get(0).hasOnBehalfOf()).isFalse();
    assertThat(provenance.getAgent().get(1).getWho().getIdentifier().getValue()).isEqualTo("parity-ward-ui");
    assertThat(provenance.hasReason()).isFalse();

    Provenance system = Provenances.toProvenance(List.of("Observation/9/_history/1"),
        List.of(Provenances.Activity.CREATE), TRUST, true, Instant.now());
    assertThat(system.getAgent().get(0).getWho().hasReference()).isFalse();
    assertThat(system.getAgent().get(0).getWho().getIdentifier().getValue()).isEqualTo("service-account-trust");
    assertThat(system.getReasonFirstRep().getCodingFirstRep().getCode()).isEqualTo("BTG");
  }
}
