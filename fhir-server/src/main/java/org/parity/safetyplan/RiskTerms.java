package org.parity.safetyplan;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.ValueSet;
import org.parity.conformance.ParityPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The suicide/self-harm topic and risk-level ValueSets, read from the Parity package at start-up, so a trust
 * that extends them (docs/features/safety-plan.md) changes what is refused without a code change.
 */
@Configuration
public class RiskTerms {

  public static final String TOPIC = ParityPackage.CANONICAL_BASE + "/ValueSet/suicide-self-harm-topic";
  public static final String LEVEL = ParityPackage.CANONICAL_BASE + "/ValueSet/risk-level";

  private static final Logger log = LoggerFactory.getLogger(RiskTerms.class);

  @Bean
  public Stratification stratification(ParityPackage parityPackage, FhirContext fhirContext) {
    Map<String, String> topics = new LinkedHashMap<>();
    Map<String, String> levels = new LinkedHashMap<>();
    for (String json : parityPackage.conformanceResources()) {
      if (!json.contains("\"ValueSet\"")) {
        continue;
      }
      if (fhirContext.newJsonParser().parseResource(json) instanceof ValueSet valueSet) {
        if (TOPIC.equals(valueSet.getUrl())) {
          concepts(valueSet, topics);
        } else if (LEVEL.equals(valueSet.getUrl())) {
          concepts(valueSet, levels);
        }
      }
    }
    if (topics.isEmpty() || levels.isEmpty()) {
      throw new IllegalStateException("The Parity package lacks concepts in " + TOPIC + " or " + LEVEL
          + "; the server cannot refuse suicide risk levels without them");
    }
    log.info("No stratification: {} topic and {} level concepts from the Parity package", topics.size(), levels.size());
    return new Stratification(new Stratification.Terms(topics, levels));
  }

  /** Enumerated concepts of compose.include; filters and imported ValueSets are not expanded (and are logged). */
  static void concepts(ValueSet valueSet, Map<String, String> into) {
    for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
      if (include.hasFilter() || include.hasValueSet() || !include.hasConcept()) {
        log.warn("{}: only enumerated concepts are used; an include of {} by filter, ValueSet or whole system is ignored",
            valueSet.getUrl(), include.getSystem());
      }
      for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
        into.put(include.getSystem() + "|" + concept.getCode(), concept.hasDisplay() ? concept.getDisplay() : "");
      }
    }
  }
}
