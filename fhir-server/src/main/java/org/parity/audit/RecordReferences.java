package org.parity.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.DeleteConflict;
import ca.uhn.fhir.jpa.api.model.DeleteConflictList;
import ca.uhn.fhir.jpa.delete.DeleteConflictOutcome;
import ca.uhn.fhir.model.primitive.IdDt;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * AuditEvents and Provenance reference what was accessed or written, but must not stop a record being
 * deleted (Parity enforces referential integrity on delete): HAPI's delete conflicts whose source is an
 * AuditEvent or a Provenance are dropped. Because HAPI looks at only the first few referring resources, the
 * database is then asked directly whether any other resource still refers to the target; if one does, it is
 * reported as the conflict and the delete is refused as before.
 */
@Component
public class RecordReferences implements StorageInterceptor {

  static final Set<String> RECORD_TYPES = Set.of("AuditEvent", "Provenance");

  @PersistenceContext
  private EntityManager entityManager;

  @Hook(Pointcut.STORAGE_PRESTORAGE_DELETE_CONFLICTS)
  public DeleteConflictOutcome recordsDoNotBlockDeletes(DeleteConflictList conflicts) {
    Set<IdDt> targets = new LinkedHashSet<>();
    boolean removed = conflicts.removeIf(conflict -> {
      if (RECORD_TYPES.contains(conflict.getSourceId().getResourceType())) {
        targets.add(conflict.getTargetId());
        return true;
      }
      return false;
    });
    if (!removed || !conflicts.isEmpty()) {
      return null; // a clinical reference: HAPI refuses the delete as usual
    }
    for (IdDt target : targets) {
      List<Object[]> others = entityManager.createQuery(
              "SELECT l.mySourceResourceType, l.mySourceResource.myFhirId, l.mySourcePath FROM ResourceLink l"
                  + " WHERE l.myTargetResource.myResourceType = :type AND l.myTargetResource.myFhirId = :id"
                  + " AND l.myTargetResourceVersion IS NULL AND l.mySourceResourceType NOT IN :records", Object[].class)
          .setParameter("type", target.getResourceType())
          .setParameter("id", target.getIdPart())
          .setParameter("records", RECORD_TYPES)
          .setMaxResults(1)
          .getResultList();
      for (Object[] other : others) {
        conflicts.add(new DeleteConflict(new IdDt((String) other[0], (String) other[1]), (String) other[2],
            target.toUnqualifiedVersionless()));
      }
    }
    return null;
  }
}
