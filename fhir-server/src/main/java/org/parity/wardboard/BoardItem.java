package org.parity.wardboard;

import java.time.Instant;
import org.parity.wardboard.WardBoard.BoardFlag;
import org.parity.wardboard.WardBoard.BoardTask;

/**
 * One row of the ward board's read model: an open Task or an active Flag of an admission, with only what the board
 * shows. {@code at} is the Task's due time or the Flag's start; {@code input} is the Observation a Task was opened
 * from (the NEWS2 total behind the open news2-observations Task).
 */
public record BoardItem(String type, String id, String encounterId, String status, String system, String code,
    String display, String text, Instant at, String input) {

  public static final String TASK = "Task";
  public static final String FLAG = "Flag";

  BoardTask task() {
    return new BoardTask(TASK + "/" + id, system, code, display, text, at, status);
  }

  BoardFlag flag() {
    return new BoardFlag(FLAG + "/" + id, system, code, display, text, at);
  }
}
