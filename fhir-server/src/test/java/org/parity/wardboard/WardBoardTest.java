package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parity.wardboard.WardBoard.BoardTask;
import org.parity.wardboard.WardBoard.News2;
import org.parity.wardboard.WardBoard.TaskState;

/** The ward board's pure rules. */
class WardBoardTest {

  static final Instant NOW = Instant.parse("2026-03-29T00:30:00Z"); // the night the clocks go forward
  static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aTaskIsDueThenDueSoonWithinTheWindowThenOverdueOnceItsTimeHasPassed() {
    assertThat(WardBoard.state(NOW.plus(Duration.ofMinutes(61)), NOW, HOUR)).contains(TaskState.DUE);
    assertThat(WardBoard.state(NOW.plus(HOUR), NOW, HOUR)).contains(TaskState.DUE_SOON);
    assertThat(WardBoard.state(NOW.plusSeconds(1), NOW, HOUR)).contains(TaskState.DUE_SOON);
    assertThat(WardBoard.state(NOW, NOW, HOUR)).contains(TaskState.DUE_SOON);
    assertThat(WardBoard.state(NOW.minusSeconds(1), NOW, HOUR)).contains(TaskState.OVERDUE);
    assertThat(WardBoard.state(null, NOW, HOUR)).isEmpty();
    assertThat(WardBoard.state(NOW.plus(Duration.ofMinutes(20)), NOW, Duration.ofMinutes(15))).contains(TaskState.DUE);
  }

  @Test
  void tasksMostUrgentFirstAndThoseWithoutADueTimeLast() {
    BoardTask none = task("Task/1", null);
    BoardTask later = task("Task/2", NOW.plus(Duration.ofDays(2)));
    BoardTask late = task("Task/3", NOW.minus(HOUR));
    BoardTask soon = task("Task/4", NOW.plus(Duration.ofMinutes(5)));
    List<WardBoard.StatedTask> stated = WardBoard.tasks(List.of(none, later, late, soon), NOW, HOUR);
    assertThat(stated).extracting(s -> s.task().id()).containsExactly("Task/3", "Task/4", "Task/2", "Task/1");
    assertThat(stated).extracting(s -> s.state().map(TaskState::code).orElse("-"))
        .containsExactly("overdue", "due-soon", "due", "-");
  }

  @Test
  void theLatestScoreIsTheNewestByEffectiveTimeNotByWhenItWasStored() {
    News2 older = news2("Observation/9", NOW.minus(Duration.ofHours(4)), 2);
    News2 newest = news2("Observation/1", NOW.minus(HOUR), 0);
    News2 incompleteBefore = news2("Observation/5", NOW.minus(Duration.ofHours(2)), null);
    assertThat(WardBoard.latestScored(List.of(older, newest, incompleteBefore))).contains(newest);
    News2 incompleteAfter = news2("Observation/6", NOW.minus(Duration.ofMinutes(10)), null);
    assertThat(WardBoard.latestScored(List.of(older, newest, incompleteAfter))).contains(newest);
    assertThat(WardBoard.latestScored(List.of(incompleteAfter))).isEmpty();
    assertThat(WardBoard.latestScored(List.of())).isEmpty();
  }

  @Test
  void escalatingAtFiveOrMoreOrThreeInOneParameter() {
    assertThat(WardBoard.escalating(new News2("o", NOW, 4, List.of(1, 1, 1, 1), null))).isFalse();
    assertThat(WardBoard.escalating(new News2("o", NOW, 5, List.of(1, 1, 1, 1, 1), null))).isTrue();
    assertThat(WardBoard.escalating(new News2("o", NOW, 3, List.of(3, 0, 0), null))).isTrue();
    assertThat(WardBoard.escalating(new News2("o", NOW, 2, List.of(2, 0, 0), null))).isFalse();
    assertThat(WardBoard.escalating(new News2("o", NOW, null, List.of(), null))).isFalse();
  }

  @Test
  void bedsInTheOrderANurseReadsThem() {
    List<String> beds = new ArrayList<>(Arrays.asList("Bed 10", null, "Bed 2", "Side room B", "Bed 1", "Bed 02a",
        "Side room A"));
    beds.sort(WardBoard.BED_ORDER);
    assertThat(beds).containsExactly("Bed 1", "Bed 2", "Bed 02a", "Bed 10", "Side room A", "Side room B", null);
  }

  private static BoardTask task(String id, Instant due) {
    return new BoardTask(id, "s", "c", null, "d", due, "requested");
  }

  private static News2 news2(String id, Instant time, Integer total) {
    return new News2(id, time, total, total == null ? List.of() : List.of(total), null);
  }
}
