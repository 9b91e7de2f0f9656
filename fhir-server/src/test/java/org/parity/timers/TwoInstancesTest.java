package org.parity.timers;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parity.ParityApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two server instances on one PostgreSQL, both polling every 100 ms: each deadline moves due -> overdue (or via due
 * soon) exactly once, with exactly one Flag, whichever instance wins.
 */
class TwoInstancesTest {

  private static ConfigurableApplicationContext start(EmbeddedPostgres postgres) {
    return new SpringApplicationBuilder(ParityApplication.class).run(
        "--server.port=0",
        "--spring.profiles.active=postgres",
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=",
        "--parity.demo-data.enabled=false",
        "--parity.security.enabled=false",
        "--parity.timers.poll-interval=PT0.1S",
        "--parity.timers.due-soon=PT4S",
        "--logging.level.root=WARN");
  }

  @Test
  void eachTransitionHappensOnceWithTwoInstances() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ConfigurableApplicationContext one = start(postgres);
        ConfigurableApplicationContext two = start(postgres)) {
      String a = Admissions.fhirBase(one);
      String b = Admissions.fhirBase(two);
      List<String[]> admitted = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        admitted.add(Admissions.admitWithNews2DueIn(i % 2 == 0 ? a : b, Duration.ofSeconds(8 + i % 3)));
      }
      for (String[] patient : admitted) {
        Admissions.await(Duration.ofSeconds(60),
            () -> Admissions.stage(Admissions.news2Task(b, patient[1])).equals("overdue"));
      }
      Thread.sleep(1_500); // many more polls on both instances
      for (String[] patient : admitted) {
        var task = Admissions.news2Task(a, patient[1]);
        List<String> stages = Admissions.stages(a, task);
        assertThat(stages).as(patient[1]).containsExactly("due", "due-soon", "overdue");
        assertThat(Admissions.flags(a, patient[0])).as(patient[0]).hasSize(1);
      }
    }
  }
}
