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
    write(null, resource, false);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    write(previous, resource, false);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    write(null, resource, true);
  }

  private void write(IBaseResource previous, IBaseResource resource, boolean deleted) {
    String id = resource.getIdElement().getIdPart();
    if (resource instanceof Task || resource instanceof Flag) {
      String type = resource instanceof Task ? BoardItem.TASK : BoardItem.FLAG;
      items.put(type, id, deleted ? Optional.empty() : BoardItemMapping.of(resource));
    } else if (resource instanceof Observation observation) {
      Optional<BoardFluid> fluid = deleted ? Optional.empty() : BoardItemMapping.fluid(observation);
      // Only an Observation that is or was a fluid entry can have a row: a vital sign costs no SQL here.
      boolean mayHaveRow = deleted
          || previous instanceof Observation before && BoardItemMapping.fluid(before).isPresent();
      if (fluid.isPresent() || mayHaveRow) {
        items.putFluid(id, fluid);
      }
    }
  }
}
