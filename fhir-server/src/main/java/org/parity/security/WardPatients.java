package org.parity.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Location;
import org.springframework.stereotype.Component;

/**
 * The relationship part of access: which patients are admitted to a member of staff's wards right now.
 * Looked up in the database on every request (no cache), so an admission, transfer or discharge counts at
 * once, on every server instance.
 */
@Component
public class WardPatients {

  public static final String ODS_SITE = "https://fhir.nhs.uk/Id/ods-site-code";

  private final DaoRegistry daos;

  public WardPatients(DaoRegistry daos) {
    this.daos = daos;
  }

  /** Ward Locations ({@code Location/id}) carrying these ODS site codes. */
  public Set<String> wardLocations(Set<String> wardCodes) {
    Set<String> ids = new LinkedHashSet<>();
    if (wardCodes.isEmpty()) {
      return ids;
    }
    TokenOrListParam codes = new TokenOrListParam();
    wardCodes.forEach(code -> codes.addOr(new TokenParam(ODS_SITE, code)));
    SearchParameterMap map = SearchParameterMap.newSynchronous().add(Location.SP_IDENTIFIER, codes);
    daos.getResourceDao(Location.class).search(map, new SystemRequestDetails())
        .getResources(0, Integer.MAX_VALUE)
        .forEach(location -> ids.add("Location/" + location.getIdElement().getIdPart()));
    return ids;
  }

  /** Patients ({@code Patient/id}) with an in-progress inpatient admission whose current location is one of these wards. */
  public Set<String> currentInpatients(Set<String> wardLocations) {
    Set<String> patients = new LinkedHashSet<>();
    if (wardLocations.isEmpty()) {
      return patients;
    }
    ReferenceOrListParam wards = new ReferenceOrListParam();
    wardLocations.forEach(ward -> wards.addOr(new ReferenceParam(ward)));
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add("current-location", wards)
        .add(Encounter.SP_STATUS, new TokenParam("in-progress"))
        .add(Encounter.SP_CLASS, new TokenParam("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"));
    daos.getResourceDao(Encounter.class).search(map, new SystemRequestDetails())
        .getResources(0, Integer.MAX_VALUE)
        .forEach(resource -> {
          Encounter encounter = (Encounter) resource;
          if (encounter.getSubject().getReferenceElement().hasIdPart()) {
            patients.add("Patient/" + encounter.getSubject().getReferenceElement().getIdPart());
          }
        });
    return patients;
  }
}
