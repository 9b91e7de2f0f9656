package org.parity.conformance;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Stores the package's conformance resources in the database at start-up, before the server takes
 * traffic: SearchParameters become searchable, and integrators can read every profile, value set and
 * questionnaire over REST. An update by the package's own id is idempotent: an unchanged resource gets no
 * new version.
 */
@Component
public class ConformanceInstaller implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(ConformanceInstaller.class);

  static final Set<String> INSTALLED_TYPES =
      Set.of(
          "StructureDefinition",
          "SearchParameter",
          "ValueSet",
          "CodeSystem",
          "Questionnaire",
          "PlanDefinition",
          "ActivityDefinition",
          "OperationDefinition");

  private final ParityPackage parityPackage;
  private final FhirContext fhirContext;
  private final DaoRegistry daoRegistry;
  private final ISearchParamRegistry searchParamRegistry;
  private final Batch2JobRegisterer jobRegisterer;

  public ConformanceInstaller(
      ParityPackage parityPackage,
      FhirContext fhirContext,
      DaoRegistry daoRegistry,
      ISearchParamRegistry searchParamRegistry,
      Batch2JobRegisterer jobRegisterer) {
    this.jobRegisterer = jobRegisterer;
    this.parityPackage = parityPackage;
    this.fhirContext = fhirContext;
    this.daoRegistry = daoRegistry;
    this.searchParamRegistry = searchParamRegistry;
  }

  @Override
  public void afterSingletonsInstantiated() {
    // A new or changed SearchParameter starts a reindex job, whose definition must be registered first.
    jobRegisterer.start();
    int installed = 0;
    for (String json : parityPackage.conformanceResources()) {
      IBaseResource resource = fhirContext.newJsonParser().parseResource(json);
      String type = fhirContext.getResourceType(resource);
      if (!INSTALLED_TYPES.contains(type)) {
        continue;
      }
      IFhirResourceDao<IBaseResource> dao = daoRegistry.getResourceDao(type);
      dao.update(resource, new SystemRequestDetails());
      installed++;
    }
    searchParamRegistry.forceRefresh();
    log.info("Installed {} conformance resources from {}#{}", installed, parityPackage.name(), parityPackage.version());
  }
}
