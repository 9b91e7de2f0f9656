package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parity.support.H2ServerTest;
import org.parity.timers.DeadlinePoller;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/** The ward board's read model on H2, the embedded default. */
class BoardItemsTest extends H2ServerTest implements BoardItemsSuite {

  @Autowired
  BoardItemRebuild boardItemRebuild;

  @Autowired
  ApplicationContext context;

  @Autowired
  DeadlinePoller poller;

  @Autowired
  ca.uhn.fhir.jpa.api.config.JpaStorageSettings storageSettings;

  @Override
  public ApplicationContext context() {
    return context;
  }

  /** HAPI stops a synchronous search at a cap (10,000 by default): the rebuild must read past it. */
  @Test
  void aRebuildReadsEveryMatchPastHapisSearchCap() {
    Integer cap = storageSettings.getInternalSynchronousSearchSize();
    storageSettings.setInternalSynchronousSearchSize(2);
    try {
      BoardItems.Snapshot snapshot = boardItemRebuild.current();
      // The demo hospital alone has more than two open Tasks.
      assertThat(snapshot.items().stream().filter(i -> BoardItem.TASK.equals(i.type())).count()).isGreaterThan(2);
    } finally {
      storageSettings.setInternalSynchronousSearchSize(cap);
    }
  }

  /** The model is built before the web server takes traffic and before the poller writes any Task. */
  @Test
  void theRebuildRunsBeforeTheWebServerAndThePollerStart() {
    int webServer = context.getBean("webServerStartStop", SmartLifecycle.class).getPhase();
    assertThat(boardItemRebuild.getPhase()).isLessThan(webServer).isLessThan(poller.getPhase());
  }
}
