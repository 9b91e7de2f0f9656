package org.parity.wardboard;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Keeps the ward board's read model ({@link BoardItems}) in step with every Task and Flag write, from any source
 * (REST, transactions, the deadline poller, NEWS2 derivation), inside the write's own database transaction: if
 * the write rolls back, so does the row.
 */
@Component
public class BoardItemWriter implements StorageInterceptor {

  private final BoardItems items;

  public BoardItemWriter(BoardItems items) {
    this.items = items;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    written(resource, false);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    written(resource, false);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    written(resource, true);
  }

  private void written(IBaseResource resource, boolean deleted) {
    if (!(resource instanceof Task) && !(resource instanceof Flag)) {
      return;
    }
    String type = resource instanceof Task ? BoardItem.TASK : BoardItem.FLAG;
    items.put(type, resource.getIdElement().getIdPart(),
        deleted ? Optional.empty() : BoardItemMapping.of(resource));
  }
}
