package org.parity.safetyplan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.SampledData;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.parity.conformance.ParityPackage;
import org.parity.fhir.Refusal;
import org.parity.fhir.StorageInterceptor;
import org.parity.safetyplan.Stratification.Code;
import org.parity.safetyplan.Stratification.Concept;
import org.parity.safetyplan.Stratification.Reading;
import org.parity.safetyplan.Stratification.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses (422) any create or update, on every route, that would store a suicide or self-harm risk level in
 * a RiskAssessment, Flag, Observation or safety plan ({@link Stratification}); in a transaction nothing is stored.
 * Runs before profile validation so the client hears the real reason first.
 */
@Component
public class NoStratification implements StorageInterceptor {

  /** Before the safety plan rules (-100) and profile validation (0): the client hears this reason first. */
  private static final int FIRST = -200;

  private final Stratification rules;

  public NoStratification(Stratification rules) {
    this.rules = rules;
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = FIRST)
  public void beforeCreate(IBaseResource resource) {
    check(resource);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = FIRST)
  public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
    check(resource);
  }

  void check(IBaseResource resource) {
    List<Problem> problems = problems(resource);
    Refusal refusal = new Refusal();
    problems.forEach(p -> refusal.rule(p.expression(), p.reason() + " " + Stratification.WHY));
    refusal.throwIfAny();
  }

  List<Problem> problems(IBaseResource resource) {
    if (resource instanceof RiskAssessment assessment) {
      return riskAssessment(assessment);
    }
    if (resource instanceof Flag flag) {
      return rules.flag(walk(flag).concepts);
    }
    if (resource instanceof Observation observation) {
      return observation(observation);
    }
    if (resource instanceof CarePlan plan && FhirPlanMapper.isSafetyPlan(plan)) {
      Walk walk = walk(plan);
      return rules.safetyPlan(walk.concepts, walk.foreign);
    }
    return List.of();
  }

  private List<Problem> riskAssessment(RiskAssessment assessment) {
    String base = "RiskAssessment";
    List<Concept> about = new ArrayList<>();
    about.add(concept(base + ".code", assessment.getCode()));
    about.add(concept(base + ".method", assessment.getMethod()));
    if (assessment.getCondition().hasDisplay()) {
      about.add(Concept.of(base + ".condition.display", assessment.getCondition().getDisplay()));
    }
    for (int i = 0; i < assessment.getReasonCode().size(); i++) {
      about.add(concept(base + ".reasonCode[" + i + "]", assessment.getReasonCode().get(i)));
    }
    List<Value> predictions = new ArrayList<>();
    for (int i = 0; i < assessment.getPrediction().size(); i++) {
      RiskAssessment.RiskAssessmentPredictionComponent prediction = assessment.getPrediction().get(i);
      String path = base + ".prediction[" + i + "]";
      about.add(concept(path + ".outcome", prediction.getOutcome()));
      if (prediction.hasProbability()) {
        predictions.add(Value.number(path + ".probability.ofType(" + prediction.getProbability().fhirType() + ")"));
      }
      if (prediction.hasQualitativeRisk()) {
        predictions.add(Value.coded(concept(path + ".qualitativeRisk", prediction.getQualitativeRisk())));
      }
      if (prediction.hasRelativeRiskElement()) {
        predictions.add(Value.number(path + ".relativeRisk"));
      }
    }
    return rules.riskAssessment(about, predictions, walk(assessment).concepts);
  }

  private List<Problem> observation(Observation observation) {
    String base = "Observation";
    Reading reading = new Reading(concept(base + ".code", observation.getCode()),
        value(base + ".value", observation.hasValue() ? observation.getValue() : null),
        concepts(base + ".interpretation", observation.getInterpretation()));
    List<Reading> components = new ArrayList<>();
    for (int i = 0; i < observation.getComponent().size(); i++) {
      Observation.ObservationComponentComponent component = observation.getComponent().get(i);
      String path = base + ".component[" + i + "]";
      components.add(new Reading(concept(path + ".code", component.getCode()),
          value(path + ".value", component.hasValue() ? component.getValue() : null),
          concepts(path + ".interpretation", component.getInterpretation())));
    }
    return rules.observation(reading, components);
  }

  static Concept concept(String path, CodeableConcept concept) {
    List<Code> codes = concept.getCoding().stream()
        .map(c -> new Code(c.getSystem(), c.getCode(), c.getDisplay())).toList();
    return new Concept(path, codes, concept.getText());
  }

  static Concept concept(String path, Coding coding) {
    return new Concept(path, List.of(new Code(coding.getSystem(), coding.getCode(), coding.getDisplay())), null);
  }

  private static List<Concept> concepts(String path, List<CodeableConcept> concepts) {
    List<Concept> out = new ArrayList<>();
    for (int i = 0; i < concepts.size(); i++) {
      out.add(concept(path + "[" + i + "]", concepts.get(i)));
    }
    return out;
  }

  /** A value[x] as a possible level; null for kinds that cannot hold one (boolean, time, attachment...). */
  static Value value(String path, Type value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String typed = path + ".ofType(" + value.fhirType() + ")";
    if (value instanceof Quantity || value instanceof IntegerType || value instanceof DecimalType
        || value instanceof Range || value instanceof Ratio || value instanceof SampledData) {
      return Value.number(typed);
    }
    if (value instanceof CodeableConcept concept) {
      return Value.coded(concept(typed, concept));
    }
    if (value instanceof Coding coding) {
      return Value.coded(concept(typed, coding));
    }
    if (value instanceof StringType || value instanceof org.hl7.fhir.r4.model.CodeType) {
      return Value.string(typed, ((PrimitiveType<?>) value).getValueAsString());
    }
    return null;
  }

  /** Every coded concept of a resource, and the values of extensions Parity does not define, with their paths. */
  static final class Walk {
    final List<Concept> concepts = new ArrayList<>();
    final List<Value> foreign = new ArrayList<>();
  }

  static Walk walk(Resource resource) {
    Walk walk = new Walk();
    visit(resource, resource.fhirType(), walk);
    return walk;
  }

  private static void visit(Base element, String path, Walk walk) {
    if (element instanceof CodeableConcept concept) {
      walk.concepts.add(concept(path, concept));
      return;
    }
    if (element instanceof Coding coding) {
      walk.concepts.add(concept(path, coding));
      return;
    }
    if (element instanceof Extension extension && extension.hasValue()
        && (extension.getUrl() == null || !extension.getUrl().startsWith(ParityPackage.CANONICAL_BASE + "/"))) {
      Value value = value(path + ".value", extension.getValue());
      if (value != null) {
        walk.foreign.add(value);
      }
    }
    for (Property property : element.children()) {
      String name = property.getName();
      // Not clinical content (meta), another resource (contained), or generated prose (text).
      if (name.equals("meta") || name.equals("contained") || !property.hasValues()) {
        continue;
      }
      List<Base> values = property.getValues();
      for (int i = 0; i < values.size(); i++) {
        Base child = values.get(i);
        if (child == null || child instanceof Narrative || child instanceof PrimitiveType<?>) {
          continue;
        }
        String childPath = path + "." + (name.endsWith("[x]")
            ? name.substring(0, name.length() - 3) + ".ofType(" + child.fhirType() + ")"
            : name + (property.getMaxCardinality() > 1 ? "[" + i + "]" : ""));
        visit(child, childPath, walk);
      }
    }
  }
}
