package org.parity.wardboard;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.ServerReads;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Builds the ward board's read model from the stored Tasks and Flags when it is new or out of date (a new database,
 * or the first start after an upgrade), before the web server takes traffic and before the deadline poller runs,
 * so no write can race the build.
 */
@Component
public class BoardItemRebuild implements SmartLifecycle {

  private final BoardItems items;
  private final ServerReads reads;
  private volatile boolean running;

  public BoardItemRebuild(BoardItems items, ServerReads reads) {
    this.items = items;
    this.reads = reads;
  }

  @Override
  public void start() {
    items.rebuildIfStale(this::current);
    running = true;
  }

  /** Every open Task and active Flag now stored that names an admission. */
  List<BoardItem> current() {
    TokenOrListParam open = new TokenOrListParam();
    BoardItemMapping.OPEN.forEach(s -> open.addOr(new TokenParam(s.toCode())));
    List<BoardItem> found = new ArrayList<>();
    reads.search(Task.class, SearchParameterMap.newSynchronous().add(Task.SP_STATUS, open))
        .forEach(r -> BoardItemMapping.of(r).ifPresent(found::add));
    // R4 has no Flag status search parameter on every server: read all Flags, keep the active ones.
    reads.search(Flag.class, SearchParameterMap.newSynchronous())
        .forEach(r -> BoardItemMapping.of(r).ifPresent(found::add));
    return found;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the web server starts (Spring Boot starts it at DEFAULT_PHASE - 1024) and the deadline poller. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 2000;
  }
}
