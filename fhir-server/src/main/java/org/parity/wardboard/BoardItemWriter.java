package org.parity.wardboard;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Keeps the ward board's read model ({@link BoardItems}) in step with every Task, Flag and fluid Observation write,
 * from any source (REST, transactions, the deadline poller, NEWS2 derivation), inside the write's own database
 * transaction: if the write rolls back, so does the row.
 */
@Component
public class BoardItemWriter implements StorageInterceptor {

  private final BoardItems items;

  public BoardItemWriter(BoardItems items) {
    this.items = items;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (resource instanceof Observation observation) {
      // A new Observation has no row to remove: only a fluid entry is written (vital signs cost nothing here).
      BoardItemMapping.fluid(observation).ifPresent(f -> items.putFluid(id(resource), Optional.of(f)));
      return;
    }
    written(resource, false);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Observation observation) {
      Optional<BoardFluid> now = BoardItemMapping.fluid(observation);
      if (now.isPresent() || (previous instanceof Observation before && BoardItemMapping.fluid(before).isPresent())) {
        items.putFluid(id(resource), now);
      }
      return;
    }
    written(resource, false);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    written(resource, true);
  }

  private static String id(IBaseResource resource) {
    return resource.getIdElement().getIdPart();
  }

  private void written(IBaseResource resource, boolean deleted) {
    if (resource instanceof Observation && deleted) {
      items.putFluid(id(resource), Optional.empty());
      return;
    }
    if (!(resource instanceof Task) && !(resource instanceof Flag)) {
      return;
    }
    String type = resource instanceof Task ? BoardItem.TASK : BoardItem.FLAG;
    items.put(type, id(resource),
        deleted ? Optional.empty() : BoardItemMapping.of(resource));
  }
}
