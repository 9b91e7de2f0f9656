package org.parity.timers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parity.ParityApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A deadline that passes while the server is down is overdue, with its Flag, at the first poll after the restart. */
class DeadlineRestartTest {

  @TempDir
  Path dataDir;

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(ParityApplication.class).run(
        "--server.port=0",
        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("parity").toAbsolutePath(),
        "--parity.demo-data.enabled=false",
        "--parity.security.enabled=false",
        // One poll at start-up, the next an hour later: only a restart can move the deadline.
        "--parity.timers.poll-interval=PT1H",
        "--parity.timers.due-soon=PT1S",
        "--logging.level.root=WARN");
  }

  @Test
  void aDeadlinePassedWhileDownIsOverdueAfterTheRestart() throws InterruptedException {
    String[] admitted;
    try (ConfigurableApplicationContext first = start()) {
      String base = Admissions.fhirBase(first);
      admitted = Admissions.admitWithNews2DueIn(base, Duration.ofSeconds(5));
      assertThat(Admissions.stage(Admissions.news2Task(base, admitted[1]))).isEqualTo("due");
    }
    Thread.sleep(6_000); // the deadline passes while no server runs
    try (ConfigurableApplicationContext second = start()) {
      String base = Admissions.fhirBase(second);
      Admissions.await(Duration.ofSeconds(30),
          () -> Admissions.stage(Admissions.news2Task(base, admitted[1])).equals("overdue"));
      var task = Admissions.news2Task(base, admitted[1]);
      // Straight from due to overdue: nobody saw it due soon.
      assertThat(Admissions.stages(base, task)).containsExactly("due", "overdue");
      var flags = Admissions.flags(base, admitted[0]);
      assertThat(flags).hasSize(1);
      assertThat(flags.get(0).path("status").asText()).isEqualTo("active");
    }
  }
}
