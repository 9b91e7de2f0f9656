package org.parity.wardboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.IdType;
import org.parity.fluidbalance.FluidEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ward board's read model (docs/features/ward-board.md): one row per open Task and active Flag of an admission,
 * and one per fluid chart entry of an admission, keyed by the resource and found by the admission. Rows are written by
 * {@link BoardItemWriter} in the database transaction that writes the resource, on the same connection, so a row is
 * stored exactly when its resource is, on every instance that shares the database. The board then reads a ward's
 * Tasks, Flags and today's fluids with two indexed queries instead of loading and parsing hundreds of FHIR resources,
 * and its cost depends on the ward, not on how much the rest of the hospital charts.
 *
 * <p>The tables are Parity's own (plain SQL that H2 and PostgreSQL both accept), created at start-up if missing.
 * {@link #rebuildIfStale} fills the model from the FHIR resources when it is new or its shape changed.
 */
@Component
public class BoardItems {

  private static final Logger log = LoggerFactory.getLogger(BoardItems.class);

  /** Raise when the rows' meaning changes: every instance then rebuilds the model once at its next start. */
  static final int MODEL_VERSION = 2;
  static final String MODEL_NAME = "ward-board";

  private static final String COLUMNS =
      "RES_TYPE, RES_ID, ENCOUNTER_ID, STATUS, CODE_SYSTEM, CODE, CODE_DISPLAY, ITEM_TEXT, ITEM_AT, INPUT_REF";
  private static final String FLUID_COLUMNS =
      "OBS_ID, ENCOUNTER_ID, ENTRY_TIME, KIND, MILLILITRES, OUTPUT_TYPE, ENTERED_IN_ERROR";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;

  public BoardItems(DataSource dataSource, PlatformTransactionManager transactions) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transaction = new TransactionTemplate(transactions);
    createTables();
  }

  private void createTables() {
    // FHIR ids are at most 64 characters; texts are not limited by FHIR, so neither are they here (within reason).
    String text = "VARCHAR(1000000)";
    jdbc.execute("CREATE TABLE IF NOT EXISTS PARITY_BOARD_ITEM (RES_TYPE VARCHAR(16) NOT NULL, "
        + "RES_ID VARCHAR(100) NOT NULL, ENCOUNTER_ID VARCHAR(100) NOT NULL, STATUS VARCHAR(32) NOT NULL, "
        + "CODE_SYSTEM " + text + ", CODE " + text + ", CODE_DISPLAY " + text + ", ITEM_TEXT " + text + ", "
        + "ITEM_AT BIGINT, INPUT_REF VARCHAR(200), PRIMARY KEY (RES_TYPE, RES_ID))");
    jdbc.execute("CREATE INDEX IF NOT EXISTS IDX_PARITY_BOARD_ENC ON PARITY_BOARD_ITEM (ENCOUNTER_ID)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS PARITY_BOARD_FLUID (OBS_ID VARCHAR(100) NOT NULL PRIMARY KEY, "
        + "ENCOUNTER_ID VARCHAR(100) NOT NULL, ENTRY_TIME BIGINT NOT NULL, KIND VARCHAR(8) NOT NULL, "
        + "MILLILITRES DOUBLE PRECISION, OUTPUT_TYPE " + text + ", ENTERED_IN_ERROR BOOLEAN NOT NULL)");
    jdbc.execute("CREATE INDEX IF NOT EXISTS IDX_PARITY_BOARD_FLUID ON PARITY_BOARD_FLUID (ENCOUNTER_ID, ENTRY_TIME)");
    jdbc.execute("CREATE TABLE IF NOT EXISTS PARITY_READ_MODEL (NAME VARCHAR(64) NOT NULL PRIMARY KEY, "
        + "MODEL_VERSION INTEGER NOT NULL)");
  }

  /**
   * Stores or removes the row of one resource, in the caller's transaction. {@code item} is empty when the
   * resource is no longer on a board (completed, inactive, deleted, or no longer naming an admission).
   */
  void put(String type, String id, Optional<BoardItem> item) {
    if (item.isEmpty()) {
      jdbc.update("DELETE FROM PARITY_BOARD_ITEM WHERE RES_TYPE = ? AND RES_ID = ?", type, id);
      return;
    }
    BoardItem i = item.get();
    int updated = jdbc.update("UPDATE PARITY_BOARD_ITEM SET ENCOUNTER_ID = ?, STATUS = ?, CODE_SYSTEM = ?, CODE = ?, "
        + "CODE_DISPLAY = ?, ITEM_TEXT = ?, ITEM_AT = ?, INPUT_REF = ? WHERE RES_TYPE = ? AND RES_ID = ?",
        new Object[] {i.encounterId(), i.status(), i.system(), i.code(), i.display(), i.text(), millis(i.at()),
            i.input(), i.type(), i.id()},
        new int[] {Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
            Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR});
    if (updated == 0) {
      insert(List.of(i));
    }
  }

  private void insert(List<BoardItem> items) {
    jdbc.batchUpdate("INSERT INTO PARITY_BOARD_ITEM (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        items, 500, (ps, i) -> {
          ps.setString(1, i.type());
          ps.setString(2, i.id());
          ps.setString(3, i.encounterId());
          ps.setString(4, i.status());
          ps.setString(5, i.system());
          ps.setString(6, i.code());
          ps.setString(7, i.display());
          ps.setString(8, i.text());
          ps.setObject(9, millis(i.at()), Types.BIGINT);
          ps.setString(10, i.input());
        });
  }

  /** The rows of these admissions (Encounter ids), in one indexed query. */
  List<BoardItem> of(Collection<String> encounterIds) {
    if (encounterIds.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", Collections.nCopies(encounterIds.size(), "?"));
    return jdbc.query("SELECT " + COLUMNS + " FROM PARITY_BOARD_ITEM WHERE ENCOUNTER_ID IN (" + marks + ")",
        BoardItems::row, encounterIds.toArray());
  }

  /**
   * Stores or removes the fluid entry of one Observation ({@code Observation/id}), in the caller's transaction:
   * empty when it charts no fluid for an admission (any more).
   */
  void putFluid(String observationId, Optional<BoardFluid> fluid) {
    if (fluid.isEmpty()) {
      jdbc.update("DELETE FROM PARITY_BOARD_FLUID WHERE OBS_ID = ?", observationId);
      return;
    }
    BoardFluid f = fluid.get();
    FluidEntry e = f.entry();
    int updated = jdbc.update("UPDATE PARITY_BOARD_FLUID SET ENCOUNTER_ID = ?, ENTRY_TIME = ?, KIND = ?, "
        + "MILLILITRES = ?, OUTPUT_TYPE = ?, ENTERED_IN_ERROR = ? WHERE OBS_ID = ?",
        new Object[] {f.encounterId(), e.time().toEpochMilli(), e.kind().name(), e.millilitres(), e.outputType(),
            e.enteredInError(), observationId},
        new int[] {Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.DOUBLE, Types.VARCHAR, Types.BOOLEAN,
            Types.VARCHAR});
    if (updated == 0) {
      insertFluids(List.of(f));
    }
  }

  private void insertFluids(List<BoardFluid> fluids) {
    jdbc.batchUpdate("INSERT INTO PARITY_BOARD_FLUID (" + FLUID_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        fluids, 500, (ps, f) -> {
          FluidEntry e = f.entry();
          ps.setString(1, new IdType(e.id()).getIdPart());
          ps.setString(2, f.encounterId());
          ps.setLong(3, e.time().toEpochMilli());
          ps.setString(4, e.kind().name());
          ps.setObject(5, e.millilitres(), Types.DOUBLE);
          ps.setString(6, e.outputType());
          ps.setBoolean(7, e.enteredInError());
        });
  }

  /** The fluid entries of these admissions (Encounter ids) charted in [from, to), by admission id. */
  Map<String, List<FluidEntry>> fluids(Collection<String> encounterIds, Instant from, Instant to) {
    Map<String, List<FluidEntry>> byAdmission = new HashMap<>();
    if (encounterIds.isEmpty() || !to.isAfter(from)) {
      return byAdmission;
    }
    List<Object> args = new ArrayList<>(encounterIds);
    args.add(from.toEpochMilli());
    args.add(to.toEpochMilli());
    String marks = String.join(", ", Collections.nCopies(encounterIds.size(), "?"));
    jdbc.query("SELECT " + FLUID_COLUMNS + " FROM PARITY_BOARD_FLUID WHERE ENCOUNTER_ID IN (" + marks + ") "
        + "AND ENTRY_TIME >= ? AND ENTRY_TIME < ?", rs -> {
          double ml = rs.getDouble(5);
          Double millilitres = rs.wasNull() ? null : ml;
          FluidEntry entry = new FluidEntry("Observation/" + rs.getString(1), Instant.ofEpochMilli(rs.getLong(3)),
              FluidEntry.Kind.valueOf(rs.getString(4)), millilitres, rs.getString(6), rs.getBoolean(7));
          byAdmission.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(entry);
        }, args.toArray());
    return byAdmission;
  }

  private static BoardItem row(ResultSet rs, int n) throws SQLException {
    long at = rs.getLong(9);
    return new BoardItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.wasNull() ? null : Instant.ofEpochMilli(at),
        rs.getString(10));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  /** What the model is built from: every open Task and active Flag now stored, and recent fluid entries. */
  record Snapshot(List<BoardItem> items, List<BoardFluid> fluids) {}

  /**
   * Fills the model from {@code current} (see {@link Snapshot}) when it was never built or
   * was built by an older version. Runs at start-up before the server takes traffic. Of several instances starting
   * together, the first to claim the model's version row builds it; the others wait for that claim and skip.
   * Returns whether this instance rebuilt it.
   */
  boolean rebuildIfStale(Supplier<Snapshot> current) {
    if (Integer.valueOf(MODEL_VERSION).equals(storedVersion())) {
      return false;
    }
    Snapshot snapshot = current.get();
    Boolean rebuilt = transaction.execute(status -> {
      Integer stored = storedVersion();
      try {
        int claimed = stored == null
            ? jdbc.update("INSERT INTO PARITY_READ_MODEL (NAME, MODEL_VERSION) VALUES (?, ?)", MODEL_NAME, MODEL_VERSION)
            : jdbc.update("UPDATE PARITY_READ_MODEL SET MODEL_VERSION = ? WHERE NAME = ? AND MODEL_VERSION = ?",
                MODEL_VERSION, MODEL_NAME, stored);
        if (claimed == 0) {
          return false;
        }
      } catch (DataIntegrityViolationException another) {
        status.setRollbackOnly(); // another instance inserted the version row first and has built the model
        return false;
      }
      jdbc.update("DELETE FROM PARITY_BOARD_ITEM");
      jdbc.update("DELETE FROM PARITY_BOARD_FLUID");
      insert(snapshot.items());
      insertFluids(snapshot.fluids());
      return true;
    });
    if (Boolean.TRUE.equals(rebuilt)) {
      log.info("Ward board read model built: {} open Tasks and active Flags, {} recent fluid entries",
          snapshot.items().size(), snapshot.fluids().size());
    }
    return Boolean.TRUE.equals(rebuilt);
  }

  private Integer storedVersion() {
    List<Integer> found = jdbc.queryForList("SELECT MODEL_VERSION FROM PARITY_READ_MODEL WHERE NAME = ?",
        Integer.class, MODEL_NAME);
    return found.isEmpty() ? null : found.get(0);
  }
}
