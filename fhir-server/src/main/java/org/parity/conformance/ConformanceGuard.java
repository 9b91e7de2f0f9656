package org.parity.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Parity's own definitions (canonical URLs under {@link ParityPackage#CANONICAL_BASE}) come only from the
 * package the server was built with: clients may read them but not create, change or delete them, since
 * every client's searches and validation depend on them.
 */
@Component
public class ConformanceGuard implements StorageInterceptor {

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    guard(resource, request, "created");
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    guard(previous, request, "changed");
    guard(resource, request, "changed");
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    guard(resource, request, "deleted");
  }

  private static void guard(IBaseResource resource, RequestDetails request, String action) {
    if (request == null || request instanceof SystemRequestDetails) {
      return; // the server itself: the package installer
    }
    String url = resource instanceof MetadataResource m ? m.getUrl() : null;
    if (url != null && url.startsWith(ParityPackage.CANONICAL_BASE + "/")) {
      throw new ForbiddenOperationException(url + " is part of the Parity FHIR package and cannot be " + action
          + " over the API; it changes only with a new version of the package");
    }
  }
}
