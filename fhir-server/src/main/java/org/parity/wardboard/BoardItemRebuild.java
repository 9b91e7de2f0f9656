package org.parity.wardboard;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;
import org.parity.fluidbalance.ChartCodes;
import org.parity.fhir.ServerReads;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Builds the ward board's read model from the stored Tasks, Flags and fluid entries when it is new or out of date
 * (a new database,
 * or the first start after an upgrade), before the web server takes traffic and before the deadline poller runs,
 * so no write can race the build.
 */
@Component
public class BoardItemRebuild implements SmartLifecycle {

  /** The board shows today's chart day, which began less than two days ago whatever the chart's start hour. */
  static final Duration RECENT_FLUIDS = Duration.ofDays(2);

  private final BoardItems items;
  private final ServerReads reads;
  private final Clock clock;
  private volatile boolean running;

  public BoardItemRebuild(BoardItems items, ServerReads reads, Clock clock) {
    this.items = items;
    this.reads = reads;
    this.clock = clock;
  }

  @Override
  public void start() {
    items.rebuildIfStale(this::current);
    running = true;
  }

  /** Every open Task and active Flag now stored that names an admission, and the fluid entries of recent days. */
  BoardItems.Snapshot current() {
    List<BoardItem> found = new ArrayList<>();
    TokenOrListParam open = new TokenOrListParam();
    BoardItemMapping.OPEN.forEach(s -> open.addOr(new TokenParam(s.toCode())));
    all(Task.class, SearchParameterMap.newSynchronous().add(Task.SP_STATUS, open))
        .forEach(t -> BoardItemMapping.of(t).ifPresent(found::add));
    // R4 has no Flag status search parameter on every server: read all Flags, keep the active ones.
    all(Flag.class, SearchParameterMap.newSynchronous()).forEach(f -> BoardItemMapping.of(f).ifPresent(found::add));
    Date recent = Date.from(clock.instant().minus(RECENT_FLUIDS));
    List<BoardFluid> fluids = new ArrayList<>();
    all(Observation.class, SearchParameterMap.newSynchronous()
        .add(Observation.SP_CODE, new TokenOrListParam()
            .add(ChartCodes.OBSERVATION, ChartCodes.FLUID_INTAKE)
            .add(ChartCodes.OBSERVATION, ChartCodes.FLUID_OUTPUT)
            .add(ChartCodes.OBSERVATION, ChartCodes.FOOD_INTAKE))
        .add(Observation.SP_DATE, new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, recent)))
        .forEach(o -> BoardItemMapping.fluid(o).ifPresent(fluids::add));
    return new BoardItems.Snapshot(found, fluids);
  }

  /**
   * Every match, however many: HAPI stops a synchronous search at 10,000 matches unless told otherwise
   * (JpaStorageSettings.internalSynchronousSearchSize), and a model silently missing Tasks past that would hide them
   * from the board. Ids first, then each resource: this runs once, at start-up.
   */
  private <T extends IBaseResource> List<T> all(Class<T> type, SearchParameterMap map) {
    map.setLoadSynchronousUpTo(Integer.MAX_VALUE);
    return reads.find(type, map);
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Spring Boot starts the web server at DEFAULT_PHASE - 2048 (WebServerStartStopLifecycle). */
  static final int PHASE = Integer.MAX_VALUE - 4096;

  /** Before the web server takes traffic and before the deadline poller moves any Task. */
  @Override
  public int getPhase() {
    return PHASE;
  }
}
