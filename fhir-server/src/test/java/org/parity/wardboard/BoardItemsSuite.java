package org.parity.wardboard;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.parity.support.Http;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ward board's read model against a real database: each row is written in its resource's own transaction and
 * follows it through change, completion, a move to another admission, deletion and rollback; fluid entries follow
 * their Observations; a rebuild from the stored resources gives the same rows. The same tests run on H2 and PostgreSQL.
 */
interface BoardItemsSuite {

  String fhirBase();

  /** The started server's context: the suite takes its beans from it. */
  ApplicationContext context();

  private <T> T bean(Class<T> type) {
    return context().getBean(type);
  }

  private BoardFixtures make() {
    return new BoardFixtures(fhirBase(), bean(FhirContext.class));
  }

  private static String id(String ref) {
    return new IdType(ref).getIdPart();
  }

  private List<BoardItem> rows(String encounterRef) {
    return bean(BoardItems.class).of(List.of(id(encounterRef))).stream()
        .sorted(Comparator.comparing(BoardItem::type).thenComparing(BoardItem::id)).toList();
  }

  private List<BoardItem> row(String encounterRef, String ref) {
    return rows(encounterRef).stream().filter(i -> (i.type() + "/" + i.id()).equals(ref)).toList();
  }

  @Test
  default void aTaskIsARowWhileOpenAndGoneOnceDone() {
    BoardFixtures make = make();
    String ward = make.ward("Model Ward");
    String patient = make.patient("Model");
    String encounter = make.admit(patient, ward, null, Instant.now().minus(Duration.ofHours(2)));
    Instant due = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    Task task = BoardFixtures.task(patient, encounter, "weight-weekly", "Weigh the patient", due,
        Task.TaskStatus.REQUESTED);
    String ref = make.create(task);

    assertThat(row(encounter, ref)).singleElement().satisfies(i -> {
      assertThat(i.encounterId()).isEqualTo(id(encounter));
      assertThat(i.status()).isEqualTo("requested");
      assertThat(i.system()).isEqualTo(BoardFixtures.DEADLINE);
      assertThat(i.code()).isEqualTo("weight-weekly");
      assertThat(i.text()).isEqualTo("Weigh the patient");
      assertThat(i.at()).isEqualTo(due);
    });

    task.setId(ref);
    task.setStatus(Task.TaskStatus.INPROGRESS);
    assertThat(Http.putJson(fhirBase() + "/" + ref, make.json(task)).status()).isEqualTo(200);
    assertThat(row(encounter, ref)).extracting(BoardItem::status).containsExactly("in-progress");

    task.setStatus(Task.TaskStatus.COMPLETED);
    assertThat(Http.putJson(fhirBase() + "/" + ref, make.json(task)).status()).isEqualTo(200);
    assertThat(row(encounter, ref)).isEmpty();

    // Reopened (a correction): on the board again.
    task.setStatus(Task.TaskStatus.READY);
    assertThat(Http.putJson(fhirBase() + "/" + ref, make.json(task)).status()).isEqualTo(200);
    assertThat(row(encounter, ref)).extracting(BoardItem::status).containsExactly("ready");
  }

  @Test
  default void aRowFollowsItsTaskToAnotherAdmissionAndIsGoneWhenTheTaskIsDeleted() {
    BoardFixtures make = make();
    String ward = make.ward("Model Ward");
    String patient = make.patient("Mover");
    String first = make.admit(patient, ward, null, Instant.now().minus(Duration.ofDays(2)));
    String second = make.create(make.admission(patient, ward, null, Instant.now().minus(Duration.ofHours(1))));
    Task task = BoardFixtures.task(patient, first, "weight-weekly", "Weigh", Instant.now().plusSeconds(600),
        Task.TaskStatus.REQUESTED);
    String ref = make.create(task);
    assertThat(row(first, ref)).hasSize(1);

    task.setId(ref);
    task.setEncounter(new Reference(second));
    assertThat(Http.putJson(fhirBase() + "/" + ref, make.json(task)).status()).isEqualTo(200);
    assertThat(row(first, ref)).isEmpty();
    assertThat(row(second, ref)).hasSize(1);

    Http.Response deleted = Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + ref)).DELETE());
    assertThat(deleted.status()).as(deleted.body()).isIn(200, 204);
    assertThat(row(second, ref)).isEmpty();
  }

  @Test
  default void anActiveFlagOfAnAdmissionIsARowAndAnInactiveOneIsNot() {
    BoardFixtures make = make();
    String ward = make.ward("Model Ward");
    String patient = make.patient("Flagged");
    String encounter = make.admit(patient, ward, null, Instant.now().minus(Duration.ofHours(2)));
    Flag flag = BoardFixtures.flag(patient, encounter, "Weight overdue", true);
    String ref = make.create(flag);
    String inactive = make.create(BoardFixtures.flag(patient, encounter, "Resolved", false));

    assertThat(row(encounter, ref)).singleElement().satisfies(i -> {
      assertThat(i.type()).isEqualTo(BoardItem.FLAG);
      assertThat(i.text()).isEqualTo("Weight overdue");
      assertThat(i.at()).isEqualTo(flag.getPeriod().getStart().toInstant().truncatedTo(ChronoUnit.SECONDS));
    });
    assertThat(row(encounter, inactive)).isEmpty();

    flag.setId(ref);
    flag.setStatus(Flag.FlagStatus.INACTIVE);
    assertThat(Http.putJson(fhirBase() + "/" + ref, make.json(flag)).status()).isEqualTo(200);
    assertThat(row(encounter, ref)).isEmpty();
  }

  @Test
  default void aFluidEntryOfAnAdmissionIsARowThatFollowsItsObservation() {
    BoardFixtures make = make();
    String ward = make.ward("Model Ward");
    String patient = make.patient("Fluids");
    String encounter = make.admit(patient, ward, null, Instant.now().minus(Duration.ofHours(6)));
    Instant at = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
    Instant from = at.minus(Duration.ofHours(1));
    Instant to = at.plus(Duration.ofHours(1));
    org.hl7.fhir.r4.model.Observation urine = BoardFixtures.fluid(patient, encounter, false, 300, at);
    String ref = make.create(urine);
    make.create(BoardFixtures.fluid(patient, encounter, true, 150, at.minus(Duration.ofHours(2))));
    // A vital sign of the same admission is not a fluid entry.
    make.create(BoardFixtures.news2(patient, encounter, at, 2, List.of(0, 0, 2, 0, 0, 0, 0)));
    java.util.function.Supplier<List<org.parity.fluidbalance.FluidEntry>> entries =
        () -> bean(BoardItems.class).fluids(List.of(id(encounter)), from, to).getOrDefault(id(encounter), List.of());

    assertThat(entries.get()).containsExactly(new org.parity.fluidbalance.FluidEntry(ref, at,
        org.parity.fluidbalance.FluidEntry.Kind.OUTPUT, 300.0, "urine", false));

    urine.setId(ref);
    urine.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.ENTEREDINERROR);
    urine.addNote().setText("Charted for the wrong patient");
    Http.Response corrected = Http.putJson(fhirBase() + "/" + ref, make.json(urine));
    assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
    assertThat(entries.get()).extracting(org.parity.fluidbalance.FluidEntry::enteredInError).containsExactly(true);

    // Chart entries are never deleted (405): the row stays as it was.
    Http.Response deleted = Http.send(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + ref)).DELETE());
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(405);
    assertThat(entries.get()).extracting(org.parity.fluidbalance.FluidEntry::enteredInError).containsExactly(true);
  }

  /** The row is written on the write's own connection: visible inside its transaction, gone with its rollback. */
  @Test
  default void aRowIsStoredOnlyIfItsWriteCommits() {
    BoardFixtures make = make();
    String ward = make.ward("Model Ward");
    String patient = make.patient("Rollback");
    String encounter = make.admit(patient, ward, null, Instant.now().minus(Duration.ofHours(2)));
    Task task = BoardFixtures.task(patient, encounter, "weight-weekly", "Rolled back", Instant.now().plusSeconds(60),
        Task.TaskStatus.REQUESTED);
    int before = rows(encounter).size();

    new TransactionTemplate(bean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
      bean(DaoRegistry.class).getResourceDao(Task.class).create(task, new SystemRequestDetails());
      assertThat(rows(encounter)).extracting(BoardItem::text).contains("Rolled back");
      status.setRollbackOnly();
    });

    assertThat(rows(encounter)).hasSize(before).extracting(BoardItem::text).doesNotContain("Rolled back");
  }

  /** A new or upgraded database: the model is built from the stored Tasks and Flags, once, with the same rows. */
  @Test
  default void aRebuildFromTheStoredResourcesGivesTheSameRows() {
    BoardFixtures make = make();
    String ward = make.ward("Model Ward");
    String patient = make.patient("Rebuilt");
    String encounter = make.admit(patient, ward, null, Instant.now().minus(Duration.ofHours(2)));
    make.create(BoardFixtures.task(patient, encounter, "weight-weekly", "Weigh", Instant.now().plusSeconds(900),
        Task.TaskStatus.REQUESTED));
    make.create(BoardFixtures.task(patient, encounter, "must-weekly", "Done", Instant.now().plusSeconds(900),
        Task.TaskStatus.COMPLETED));
    make.create(BoardFixtures.flag(patient, encounter, "Weight overdue", true));
    Instant at = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    make.create(BoardFixtures.fluid(patient, encounter, true, 200, at));
    make.create(BoardFixtures.fluid(patient, encounter, false, 100, at));
    java.util.function.Supplier<List<org.parity.fluidbalance.FluidEntry>> fluids = () -> bean(BoardItems.class)
        .fluids(List.of(id(encounter)), at.minusSeconds(60), at.plusSeconds(60)).getOrDefault(id(encounter), List.of())
        .stream().sorted(Comparator.comparing(org.parity.fluidbalance.FluidEntry::id)).toList();
    List<org.parity.fluidbalance.FluidEntry> liveFluids = fluids.get();
    assertThat(liveFluids).hasSize(2);
    List<BoardItem> live = rows(encounter);
    // The admission's own deadline Tasks, the Task and Flag made here; not the completed Task.
    assertThat(live).extracting(BoardItem::text).contains("Weigh", "Weight overdue").doesNotContain("Done");

    JdbcTemplate jdbc = new JdbcTemplate(bean(DataSource.class));
    jdbc.update("DELETE FROM PARITY_BOARD_ITEM");
    jdbc.update("DELETE FROM PARITY_BOARD_FLUID");
    jdbc.update("DELETE FROM PARITY_READ_MODEL");
    assertThat(rows(encounter)).isEmpty();
    assertThat(fluids.get()).isEmpty();

    assertThat(bean(BoardItems.class).rebuildIfStale(bean(BoardItemRebuild.class)::current)).isTrue();
    assertThat(rows(encounter)).isEqualTo(live);
    assertThat(fluids.get()).isEqualTo(liveFluids);
    assertThat(jdbc.queryForList("SELECT MODEL_VERSION FROM PARITY_READ_MODEL", Integer.class))
        .containsExactly(BoardItems.MODEL_VERSION);
    // Built once: a start with the model at its version reads nothing.
    assertThat(bean(BoardItems.class).rebuildIfStale(() -> {
      throw new AssertionError("read the resources again");
    })).isFalse();
  }

  /** An older model (a previous version's rows) is replaced whole. */
  @Test
  default void anOlderModelIsReplaced() {
    JdbcTemplate jdbc = new JdbcTemplate(bean(DataSource.class));
    jdbc.update("UPDATE PARITY_READ_MODEL SET MODEL_VERSION = ? WHERE NAME = ?", BoardItems.MODEL_VERSION - 1,
        BoardItems.MODEL_NAME);
    jdbc.update("INSERT INTO PARITY_BOARD_ITEM (RES_TYPE, RES_ID, ENCOUNTER_ID, STATUS) VALUES (?, ?, ?, ?)",
        "Task", "stale-row", "no-such-admission", "requested");

    assertThat(bean(BoardItems.class).rebuildIfStale(bean(BoardItemRebuild.class)::current)).isTrue();
    assertThat(bean(BoardItems.class).of(List.of("no-such-admission"))).isEmpty();
    Map<String, Object> version = jdbc.queryForMap("SELECT MODEL_VERSION FROM PARITY_READ_MODEL WHERE NAME = ?",
        BoardItems.MODEL_NAME);
    assertThat(((Number) version.values().iterator().next()).intValue()).isEqualTo(BoardItems.MODEL_VERSION);
  }
}
