package org.parity.fhir;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Background work every instance runs on its own thread at a fixed delay, from start-up to shutdown. A run that
 * throws is logged and the next comes at the interval. Jobs that change records must be safe on several instances
 * at once (version-checked updates, a lost race ignored): nothing here elects one instance.
 */
public abstract class RepeatingJob implements SmartLifecycle {

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String threadPrefix;
  private ThreadPoolTaskScheduler scheduler;

  protected RepeatingJob(String threadPrefix) {
    this.threadPrefix = threadPrefix;
  }

  /** Time from the end of one run to the start of the next. */
  protected abstract Duration interval();

  /** One run. */
  protected abstract void runOnce();

  /** False keeps the job off for this instance. */
  protected boolean enabled() {
    return true;
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      log.warn("{} run failed; trying again in {}", getClass().getSimpleName(), interval(), e);
    }
  }

  @Override
  public void start() {
    if (!enabled()) {
      return;
    }
    scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix(threadPrefix);
    scheduler.initialize();
    scheduler.scheduleWithFixedDelay(this::runSafely, interval());
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdown();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
