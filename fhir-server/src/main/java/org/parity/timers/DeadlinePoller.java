package org.parity.timers;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;
import org.parity.fhir.RepeatingJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves open deadlines on with the clock: due, due soon, overdue (with its Flag). Runs on every instance every
 * {@code parity.timers.poll-interval}, first at start-up, so a deadline that passed while the server was down is
 * marked at once. State lives only in the Tasks: each transition is an update of the version just read, in its own
 * database transaction with the Flag; when two instances race, the database takes one update and the other's
 * conflict is ignored, so each transition happens exactly once.
 */
@Component
public class DeadlinePoller extends RepeatingJob {

  private static final Logger log = LoggerFactory.getLogger(DeadlinePoller.class);

  private final DeadlineTasks tasks;
  private final DeadlineRules rules;
  private final DeadlineTriggers triggers;
  private final TimerSettings settings;
  private final Clock clock;
  private final TransactionTemplate transaction;

  public DeadlinePoller(DeadlineTasks tasks, DeadlineRules rules, DeadlineTriggers triggers, TimerSettings settings,
      Clock clock, PlatformTransactionManager transactions) {
    super("deadlines-");
    this.tasks = tasks;
    this.rules = rules;
    this.triggers = triggers;
    this.settings = settings;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** One poll: the transitions this instance made (ones lost to another instance are not counted). */
  public int poll() {
    Instant now = clock.instant();
    List<IdType> candidates = transaction.execute(status -> candidates(now));
    int moved = 0;
    for (IdType id : candidates) {
      try {
        Boolean done = transaction.execute(status -> move(id, now));
        moved += Boolean.TRUE.equals(done) ? 1 : 0;
      } catch (ResourceVersionConflictException | ConcurrencyFailureException | DataIntegrityViolationException e) {
        log.debug("{} was moved by another instance: {}", id.getValue(), e.getMessage());
      } catch (RuntimeException e) {
        log.warn("Could not move deadline {} on: {}", id.getValue(), e.toString());
      }
    }
    return moved;
  }

  /**
   * Open deadline Tasks due within the due-soon window or past whose stage the clock has moved. Overdue ones are
   * left out in the query: they stay overdue until their evidence comes, and reading each of them every poll cost
   * more than the ward board that shows them (docs/performance.md).
   */
  private List<IdType> candidates(Instant now) {
    TokenOrListParam codes = new TokenOrListParam();
    for (Rule rule : rules.rules()) {
      if (rule.createdHere()) {
        codes.addOr(new TokenParam(DeadlineCodes.DEADLINE, rule.code()));
      } else {
        String[] kept = rule.keptBy().split("\\|", 2);
        codes.addOr(new TokenParam(kept[0], kept[1]));
      }
    }
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Task.SP_STATUS, new TokenParam("requested"))
        .add(Task.SP_CODE, codes)
        .add("due", new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, Date.from(now.plus(settings.dueSoon()))))
        .add(Task.SP_BUSINESS_STATUS, new TokenParam(DeadlineCodes.STATUS, Stage.OVERDUE.code())
            .setModifier(TokenParamModifier.NOT));
    return tasks.find(Task.class, map).stream()
        .filter(t -> t.getRestriction().getPeriod().hasEnd())
        .filter(t -> {
          Stage current = DeadlineTasks.stageOf(t);
          return Deadlines.stageAt(current, t.getRestriction().getPeriod().getEnd().toInstant(), now,
              settings.dueSoon()) != current;
        })
        .map(t -> new IdType("Task", t.getIdElement().getIdPart()))
        .toList();
  }

  /** Reads the Task afresh and moves it if its time has come. */
  private boolean move(IdType id, Instant now) {
    List<Task> found = tasks.find(Task.class, SearchParameterMap.newSynchronous()
        .add("_id", new TokenParam(id.getIdPart())));
    if (found.isEmpty() || found.get(0).getStatus() != Task.TaskStatus.REQUESTED
        || !found.get(0).getRestriction().getPeriod().hasEnd()) {
      return false;
    }
    Task task = found.get(0);
    Optional<Rule> rule = triggers.ruleOf(task);
    if (rule.isEmpty()) {
      return false;
    }
    Stage current = DeadlineTasks.stageOf(task);
    Instant due = task.getRestriction().getPeriod().getEnd().toInstant();
    Stage next = Deadlines.stageAt(current, due, now, settings.dueSoon());
    if (next == current) {
      return false;
    }
    tasks.moveTo(task, next, due, null);
    return true;
  }

  @Override
  protected boolean enabled() {
    if (!settings.enabled()) {
      log.info("Deadline poller off (parity.timers.enabled=false)");
    }
    return settings.enabled();
  }

  @Override
  protected Duration interval() {
    return settings.pollInterval();
  }

  @Override
  protected void runOnce() {
    poll();
  }

  /** Late in start-up (after the package's SearchParameters are installed), early in shutdown. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
