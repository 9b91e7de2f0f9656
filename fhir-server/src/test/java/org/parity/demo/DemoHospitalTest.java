package org.parity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.parity.validation.NhsNumber;

class DemoHospitalTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-29T12:00:00Z"), ZoneOffset.UTC);

  private <T> List<T> of(Bundle bundle, Class<T> type) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void twoWardsOfTwelveBedsWithInpatients() {
    Bundle hospital = DemoHospital.transaction(clock);
    List<Location> locations = of(hospital, Location.class);
    assertThat(locations.stream().filter(l -> l.getPhysicalType().getCodingFirstRep().getCode().equals("wa")))
        .extracting(Location::getName).containsExactly("Willow Ward", "Cedar Ward");
    assertThat(locations.stream().filter(l -> l.getPhysicalType().getCodingFirstRep().getCode().equals("bd")))
        .hasSize(24);
    assertThat(of(hospital, Encounter.class)).hasSize(19)
        .allSatisfy(e -> assertThat(e.getPeriod().getStart()).isBefore(java.util.Date.from(clock.instant())));
  }

  @Test
  void nhsNumbersAreValidNeverIssuedAndUnique() {
    List<String> numbers = of(DemoHospital.transaction(clock), Patient.class).stream()
        .map(p -> p.getIdentifierFirstRep().getValue()).toList();
    assertThat(numbers).hasSize(19).doesNotHaveDuplicates()
        .allSatisfy(n -> {
          assertThat(n).startsWith("999");
          assertThat(NhsNumber.isValid(n)).isTrue();
        });
  }

  @Test
  void sameSeedSamePeopleSoReloadingAddsNothing() {
    Bundle first = DemoHospital.transaction(clock);
    Bundle second = DemoHospital.transaction(clock);
    // Every entry either creates only if its identifier is new, or writes a fixed id (patients, staff, the carer).
    assertThat(first.getEntry()).allSatisfy(e -> assertThat(
        e.getRequest().getMethod() == Bundle.HTTPVerb.PUT
            ? e.getRequest().getUrl().matches("(Patient|Practitioner|RelatedPerson|Consent)/demo-[a-z]+-[a-z0-9-]+")
            : e.getRequest().getIfNoneExist().startsWith("identifier=")).isTrue());
    assertThat(first.getEntry()).extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " "
            + e.getRequest().getIfNoneExist())
        .containsExactlyElementsOf(second.getEntry().stream()
            .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " " + e.getRequest().getIfNoneExist())
            .toList());
  }

  @Test
  void demoPatientsAndStaffHaveTheIdsTheRealmUsersPointAt() {
    List<String> urls = DemoHospital.transaction(clock).getEntry().stream()
        .filter(e -> e.getRequest().getMethod() == Bundle.HTTPVerb.PUT).map(e -> e.getRequest().getUrl()).toList();
    assertThat(urls).contains("Patient/demo-willow-01", "Patient/demo-cedar-09", "Practitioner/demo-nurse-willow",
        "Practitioner/demo-hca-willow", "Practitioner/demo-manager-willow", "Practitioner/demo-nurse-cedar",
        "Practitioner/demo-doctor-ali").doesNotContain("Patient/demo-cedar-10");
  }
}
