package org.parity.safetyplan;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a resource would store a suicide or self-harm risk level (low/medium/high, a score or a probability),
 * which Parity refuses everywhere: NHS England, "Staying safe from suicide" (2025) calls stratification
 * unacceptable, and NICE NG225 (1.6) says not to use risk tools or scales to predict suicide or self-harm.
 *
 * <p>Concepts are recognised by the two package ValueSets ({@link Terms}) and, as a safety net for uncoded or
 * locally coded text, by word patterns. Pure: the HAPI shell ({@link NoStratification}) maps resources to
 * the records below. Free text written by people (notes, a safety plan's entries) is never given here.
 */
public final class Stratification {

  /** One coding. */
  public record Code(String system, String code, String display) {
    String key() {
      return system + "|" + code;
    }
  }

  /** A CodeableConcept (or a lone Coding) at a FHIRPath-like element path. */
  public record Concept(String path, List<Code> codings, String text) {
    public Concept {
      codings = codings == null ? List.of() : List.copyOf(codings);
    }

    public static Concept of(String path, String text, Code... codings) {
      return new Concept(path, List.of(codings), text);
    }

    Stream<String> words() {
      return Stream.concat(Stream.of(text), codings.stream().map(Code::display)).filter(Objects::nonNull);
    }
  }

  /**
   * A value that may be a level: a number ({@code numeric}: Quantity, integer, decimal, Range, Ratio), a
   * coded value ({@code concept}) or a short string ({@code text}).
   */
  public record Value(String path, boolean numeric, Concept concept, String text) {
    public static Value number(String path) {
      return new Value(path, true, null, null);
    }

    public static Value coded(Concept concept) {
      return new Value(concept.path(), false, concept, null);
    }

    public static Value string(String path, String text) {
      return new Value(path, false, null, text);
    }
  }

  /** An Observation's code, value and interpretation (also used for each component). */
  public record Reading(Concept code, Value value, List<Concept> interpretation) {
    public Reading {
      interpretation = interpretation == null ? List.of() : List.copyOf(interpretation);
    }
  }

  /** The concepts of the package ValueSets: {@code system|code} → display. */
  public record Terms(Map<String, String> topics, Map<String, String> levels) {
    public Terms {
      topics = Map.copyOf(topics);
      levels = Map.copyOf(levels);
    }
  }

  private static final String TOPIC =
      "suicid\\w*|self[- ]?harm\\w*|self[- ]?injur\\w*|self[- ]?inflicted|dsh|parasuicid\\w*|"
          + "kill(ing)? (my|him|her|them)sel(f|ves)|end(ing)? (my|his|her|their) (own )?life|take (my|his|her|their) own life";
  private static final Pattern TOPIC_WORDS = Pattern.compile("\\b(" + TOPIC + ")\\b");
  private static final Pattern RISK_WORDS =
      Pattern.compile("\\b(risk\\w*|likelihood|probabilit\\w*|score\\w*|scale|level|rating|tier|grade|stratif\\w*)\\b");
  private static final String LEVEL =
      "(very |extremely )?(low|medium|moderate|high|severe|minimal|negligible|significant|imminent|intermediate|elevated)";
  /**
   * A value that is nothing but a level: "High", "very low", "moderate risk", "RAG: amber". Not a bare "no" or
   * "none", which answer yes/no findings ("Suicidal thoughts: none"); "no risk" is caught next to risk wording.
   */
  private static final Pattern LEVEL_ONLY = Pattern.compile(
      "^((rag|risk|level|rating|risk level|risk rating)\\s*:?\\s*)?(" + LEVEL + "|red|amber|green)"
          + "(\\s*(risk|level|likelihood|probability))?$");
  /** A level next to risk wording: "High risk of suicide", "high self-harm risk", "suicide risk: low". */
  private static final Pattern LEVEL_NEAR_RISK = Pattern.compile(
      "\\b" + LEVEL + "([ -]+[a-z]+){0,2}?[ -]+(risk|likelihood|probability)\\b"
          + "|\\b(risk|likelihood|probability)( [a-z]+){0,3}?\\s*[:=-]?\\s*" + LEVEL + "\\b"
          + "|\\b(no|nil|not at|no apparent|no current|no known|no immediate|no identified)[ -]+risk\\b");

  static final String WHY =
      "NHS England, 'Staying safe from suicide' (2025): stratifying suicide risk as low, medium or high is "
          + "unacceptable, because suicidal impulses change and most people who die by suicide were judged low risk. "
          + "NICE NG225: do not use risk assessment tools or scales to predict suicide or self-harm. Record a "
          + "safety plan written with the patient instead (CarePlan, profile "
          + "https://parity-epr.org/fhir/StructureDefinition/parity-safety-plan).";

  private final Terms terms;

  public Stratification(Terms terms) {
    this.terms = terms;
  }

  /**
   * A RiskAssessment about suicide or self-harm (by its {@code about} concepts: code, condition, outcomes,
   * reasons) may not carry a prediction's qualitativeRisk, probability or relativeRisk ({@code predictions},
   * present ones only) nor a level in any of its {@code concepts}. Notes and mitigation are not looked at.
   */
  public List<Problem> riskAssessment(List<Concept> about, List<Value> predictions, List<Concept> concepts) {
    List<Problem> problems = new ArrayList<>();
    boolean suicide = about.stream().anyMatch(this::topic) || concepts.stream().anyMatch(this::topic);
    if (!suicide) {
      return problems;
    }
    for (Value prediction : predictions) {
      add(problems, new Problem(prediction.path(),
          "A RiskAssessment about suicide or self-harm may not grade the risk (" + leaf(prediction.path()) + ")."));
    }
    for (Concept concept : concepts) {
      if (level(concept)) {
        add(problems, new Problem(concept.path(),
            "A RiskAssessment about suicide or self-harm may not carry a risk level (" + shown(concept) + ")."));
      }
    }
    return problems;
  }

  /** A Flag whose code (or category) names a level of suicide or self-harm risk. */
  public List<Problem> flag(List<Concept> concepts) {
    List<Problem> problems = new ArrayList<>();
    boolean suicide = concepts.stream().anyMatch(this::topic);
    for (Concept concept : concepts) {
      if ((topic(concept) || suicide) && level(concept)) {
        add(problems, new Problem(concept.path(),
            "A Flag may not name a level of suicide or self-harm risk (" + shown(concept) + ")."));
      }
    }
    return problems;
  }

  /**
   * An Observation (and each component) about suicide or self-harm: a coded or worded level is refused when
   * the code names the topic; a number or a level interpretation only when it also names a risk, score or
   * level, so that counts ("number of self-harm episodes") stay allowed. A value that itself names both the
   * topic and a level ("High suicide risk") is refused whatever the code.
   */
  public List<Problem> observation(Reading observation, List<Reading> components) {
    List<Problem> problems = new ArrayList<>();
    reading(observation, null, problems);
    for (Reading component : components) {
      reading(component, observation.code(), problems);
    }
    return problems;
  }

  private void reading(Reading reading, Concept parent, List<Problem> problems) {
    boolean topic = topic(reading.code()) || (parent != null && topic(parent));
    boolean risk = topic && (riskTopic(reading.code()) || (parent != null && riskTopic(parent)));
    Value value = reading.value();
    if (value != null) {
      if (value.numeric() && risk) {
        add(problems, new Problem(value.path(),
            "An Observation of suicide or self-harm risk may not carry a number (a score or a probability)."));
      } else if (value.concept() != null && (topic ? level(value.concept()) : topic(value.concept()) && level(value.concept()))) {
        add(problems, new Problem(value.path(),
            "An Observation may not record a level of suicide or self-harm risk (" + shown(value.concept()) + ")."));
      } else if (value.text() != null && (topic ? levelText(value.text()) : topicText(value.text()) && levelText(value.text()))) {
        add(problems, new Problem(value.path(),
            "An Observation may not record a level of suicide or self-harm risk ('" + value.text() + "')."));
      }
    }
    for (Concept interpretation : reading.interpretation()) {
      if (risk && level(interpretation)) {
        add(problems, new Problem(interpretation.path(),
            "An Observation of suicide or self-harm risk may not be interpreted as a level (" + shown(interpretation) + ")."));
      }
    }
  }

  /**
   * A safety plan (CarePlan with the safety-plan category) is about suicide by definition: no coded level
   * anywhere in its {@code concepts}, and no number or level in an extension Parity does not define
   * ({@code foreign}). The patient's own words ({@code activity.detail.description}) are never given here.
   */
  public List<Problem> safetyPlan(List<Concept> concepts, List<Value> foreign) {
    List<Problem> problems = new ArrayList<>();
    for (Concept concept : concepts) {
      if (level(concept)) {
        add(problems, new Problem(concept.path(),
            "A safety plan may not carry a risk level (" + shown(concept) + ")."));
      }
    }
    for (Value value : foreign) {
      if (value.numeric()) {
        add(problems, new Problem(value.path(),
            "A safety plan may not carry a number in an extension (a risk score or probability)."));
      } else if ((value.concept() != null && level(value.concept())) || (value.text() != null && levelText(value.text()))) {
        add(problems, new Problem(value.path(), "A safety plan may not carry a risk level in an extension."));
      }
    }
    return problems;
  }

  /** One problem per element: a qualitativeRisk is both a prediction and a level, reported once. */
  private static void add(List<Problem> problems, Problem problem) {
    if (problems.stream().noneMatch(p -> p.expression().equals(problem.expression()))) {
      problems.add(problem);
    }
  }

  /** About suicide or self-harm: a coding in the topic ValueSet, or topic words in its text or displays. */
  public boolean topic(Concept concept) {
    return concept != null
        && (concept.codings().stream().anyMatch(c -> terms.topics().containsKey(c.key()))
            || concept.words().anyMatch(Stratification::topicText));
  }

  /** About suicide or self-harm and also a risk, likelihood, score or level (in its words or the ValueSet's display). */
  boolean riskTopic(Concept concept) {
    if (!topic(concept)) {
      return false;
    }
    Stream<String> known = concept.codings().stream().map(c -> terms.topics().get(c.key())).filter(Objects::nonNull);
    return Stream.concat(concept.words(), known).anyMatch(w -> RISK_WORDS.matcher(normal(w)).find());
  }

  /** A level: a coding in the level ValueSet, or level words in its text or displays. */
  public boolean level(Concept concept) {
    return concept != null
        && (concept.codings().stream().anyMatch(c -> terms.levels().containsKey(c.key()))
            || concept.words().anyMatch(Stratification::levelText));
  }

  public static boolean topicText(String text) {
    return text != null && TOPIC_WORDS.matcher(normal(text)).find();
  }

  /** Nothing but a level ("High", "low risk", "amber"), or a level next to risk wording ("High risk of suicide"). */
  public static boolean levelText(String text) {
    if (text == null) {
      return false;
    }
    String normal = normal(text);
    return LEVEL_ONLY.matcher(normal).matches() || LEVEL_NEAR_RISK.matcher(normal).find();
  }

  private static String normal(String text) {
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return folded.replace('\u2010', '-').replace('\u2011', '-').replace('\u2013', '-')
        .replaceAll("\\s+", " ").strip();
  }

  private static String shown(Concept concept) {
    if (concept.text() != null && !concept.text().isBlank()) {
      return "'" + concept.text() + "'";
    }
    return concept.codings().stream()
        .map(c -> c.display() != null ? "'" + c.display() + "'" : c.system() + "|" + c.code())
        .findFirst().orElse("a level");
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
