package org.parity.wardboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ward board's rules, over small records with no HAPI types: when an open Task counts as due, due soon or
 * overdue, which NEWS2 is the latest and whether it escalates, and the order of beds and Tasks on the board.
 */
public final class WardBoard {

  private WardBoard() {}

  /** Where an open Task stands against its due time. */
  public enum TaskState {
    DUE("due"), DUE_SOON("due-soon"), OVERDUE("overdue");

    private final String code;

    TaskState(String code) {
      this.code = code;
    }

    /** The code used on the board, the same as the deadline-status codes of issue 5. */
    public String code() {
      return code;
    }
  }

  /** An open Task: {@code due} is {@code restriction.period.end}, absent when the Task names none. */
  public record BoardTask(String id, String system, String code, String display, String description,
      Instant due, String status) {}

  /** A NEWS2 total Observation: {@code total} is absent for an incomplete set (no score). */
  public record News2(String id, Instant time, Integer total, List<Integer> subScores, String response) {
    public News2 {
      subScores = List.copyOf(subScores);
    }
  }

  /** An active Flag. */
  public record BoardFlag(String id, String system, String code, String display, String text, Instant since) {}

  /** A Task with its state now; the state is absent for a Task without a due time. */
  public record StatedTask(BoardTask task, Optional<TaskState> state) {}

  /**
   * The state of a Task due at {@code due}: overdue once the due time has passed (at the due instant itself it
   * is still due), due soon within {@code dueSoon} of it, otherwise due. Issue 5 contract: due → due-soon → overdue.
   */
  public static Optional<TaskState> state(Instant due, Instant now, Duration dueSoon) {
    if (due == null) {
      return Optional.empty();
    }
    if (now.isAfter(due)) {
      return Optional.of(TaskState.OVERDUE);
    }
    if (!now.plus(dueSoon).isBefore(due)) {
      return Optional.of(TaskState.DUE_SOON);
    }
    return Optional.of(TaskState.DUE);
  }

  /** Tasks with their states, the most urgent first: by due time (earliest first), Tasks without one last. */
  public static List<StatedTask> tasks(List<BoardTask> open, Instant now, Duration dueSoon) {
    return open.stream()
        .sorted(Comparator.comparing(BoardTask::due, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(BoardTask::id))
        .map(t -> new StatedTask(t, state(t.due(), now, dueSoon)))
        .toList();
  }

  /** Flags in the order they were raised (earliest first), Flags without a start last. */
  public static List<BoardFlag> flags(List<BoardFlag> active) {
    return active.stream()
        .sorted(Comparator.comparing(BoardFlag::since, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(BoardFlag::id))
        .toList();
  }

  /** The newest NEWS2 that has a score (an incomplete set has none), by effective time. */
  public static Optional<News2> latestScored(List<News2> all) {
    return all.stream().filter(n -> n.total() != null && n.time() != null)
        .max(Comparator.comparing(News2::time).thenComparing(News2::id));
  }

  /** RCP NEWS2 Chart 4: a total of 5 or more, or 3 in any single parameter, needs an urgent response. */
  public static boolean escalating(News2 news2) {
    return news2.total() != null && (news2.total() >= 5 || news2.subScores().stream().anyMatch(s -> s != null && s >= 3));
  }

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  /**
   * Beds in the order a nurse reads them: by name with numbers compared as numbers ("Bed 2" before "Bed 10");
   * patients without a bed last.
   */
  public static final Comparator<String> BED_ORDER = Comparator.nullsLast(WardBoard::compareBeds);

  private static int compareBeds(String a, String b) {
    List<Object> x = parts(a);
    List<Object> y = parts(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      Object p = x.get(i);
      Object q = y.get(i);
      int c;
      if (p instanceof Long m && q instanceof Long n) {
        c = Long.compare(m, n);
      } else {
        c = p.toString().compareToIgnoreCase(q.toString());
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private static List<Object> parts(String name) {
    List<Object> parts = new ArrayList<>();
    Matcher m = NUMBER.matcher(Objects.requireNonNull(name));
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        parts.add(name.substring(at, m.start()));
      }
      String digits = m.group();
      parts.add(digits.length() < 18 ? (Object) Long.parseLong(digits) : digits);
      at = m.end();
    }
    if (at < name.length()) {
      parts.add(name.substring(at));
    }
    return parts;
  }
}
