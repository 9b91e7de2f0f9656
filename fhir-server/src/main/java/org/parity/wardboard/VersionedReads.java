package org.parity.wardboard;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.cache.IResourceVersionSvc;
import ca.uhn.fhir.jpa.cache.ResourceVersionMap;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * A search whose matches are parsed once per version. The database is asked, on every call, which resources match
 * and at which version (a query of ids and versions, no resource text); only a version not seen before is read and
 * parsed. Loading and parsing the ward's open Tasks and Flags was most of a board's time (docs/performance.md),
 * and from one board to the next almost none of them change. Never stale: a new version is a new key, read from
 * the database, on any instance.
 */
@Component
public class VersionedReads {

  private final DaoRegistry daos;
  private final IResourceVersionSvc versions;
  // Parsed resources are shared with the caller: callers must not change them.
  private final Cache<String, IBaseResource> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

  public VersionedReads(DaoRegistry daos, IResourceVersionSvc versions) {
    this.daos = daos;
    this.versions = versions;
  }

  public <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap map) {
    String resourceType = daos.getResourceDao(type).getResourceType().getSimpleName();
    ResourceVersionMap current = versions.getVersionMap(RequestPartitionId.allPartitions(), resourceType, map);
    List<T> found = new ArrayList<>();
    TokenOrListParam missing = new TokenOrListParam();
    for (IIdType id : current.keySet()) {
      IBaseResource cached = parsed.getIfPresent(key(resourceType, id.getIdPart(), current.get(id)));
      if (cached != null) {
        found.add(type.cast(cached));
      } else {
        missing.addOr(new TokenParam(id.getIdPart()));
      }
    }
    if (!missing.getValuesAsQueryTokens().isEmpty()) {
      SearchParameterMap byId = SearchParameterMap.newSynchronous().add("_id", missing);
      for (IBaseResource r : daos.getResourceDao(type).search(byId, new SystemRequestDetails())
          .getResources(0, Integer.MAX_VALUE)) {
        parsed.put(key(resourceType, r.getIdElement().getIdPart(), r.getIdElement().getVersionIdPartAsLong()), r);
        found.add(type.cast(r));
      }
    }
    return found;
  }

  private static String key(String type, String id, Long version) {
    return type + "/" + id + "/_history/" + version;
  }
}
