package org.parity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Parity: a HAPI FHIR JPA (R4) server with mental-health ward profiles and a ward UI.
 * HAPI runs its own scheduler and needs neither Thymeleaf nor Elasticsearch, so Boot's auto-configuration
 * for those is excluded.
 */
@SpringBootApplication(
    exclude = {
      QuartzAutoConfiguration.class,
      ThymeleafAutoConfiguration.class,
      ElasticsearchRestClientAutoConfiguration.class
    })
@ConfigurationPropertiesScan
public class ParityApplication {

  public static void main(String[] args) {
    SpringApplication.run(ParityApplication.class, args);
  }
}
