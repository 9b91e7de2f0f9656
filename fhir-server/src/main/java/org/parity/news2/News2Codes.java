package org.parity.news2;

import java.util.Map;
import java.util.Set;
import org.parity.conformance.ParityPackage;

/** Codes and canonical URLs of the NEWS2 feature (issue 5 contract; UK Core codes from clinical-reference §1.4). */
public final class News2Codes {

  private static final String BASE = ParityPackage.CANONICAL_BASE;

  public static final String SNOMED = "http://snomed.info/sct";
  public static final String LOINC = "http://loinc.org";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
  public static final String DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
  public static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
  /** Core extension: the record behind a Flag. */
  public static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";

  /** Parity's NEWS2 CodeSystem: the escalation Flag and the Chart 4 response rows. */
  public static final String NEWS2 = BASE + "/CodeSystem/news2";
  public static final String ESCALATION = "news2-escalation";

  /** The deadline Tasks of issue 5 (owned by the timers feature). */
  public static final String DEADLINE = BASE + "/CodeSystem/deadline";
  public static final String DEADLINE_STATUS = BASE + "/CodeSystem/deadline-status";
  public static final String OBSERVATIONS_RULE = "news2-observations";
  public static final String DEADLINES_PLAN = BASE + "/PlanDefinition/parity-inpatient-deadlines";
  public static final String DEADLINE_TASK_PROFILE = BASE + "/StructureDefinition/parity-deadline-task";

  /** RCP NEWS2 total score (UK Core EarlyWarningTotalScore). */
  public static final String TOTAL = "1104051000000101";
  public static final String TOTAL_DISPLAY =
      "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score";
  public static final String SCORE_UNIT = "{ScoreOf}";

  public static final String ACVPU = "1104441000000107";
  public static final String AIR = "722742002";
  public static final String OXYGEN = "371825009";
  public static final String SPO2_TARGET_LOINC = "2708-6";

  /** UK Core EarlyWarningSubScore codes per parameter; SpO2 depends on the scale. */
  public static String subScoreCode(News2Parameter p, SpO2Scale scale) {
    return switch (p) {
      case RESPIRATION_RATE -> "1104301000000104";
      case SPO2 -> scale == SpO2Scale.SCALE_2 ? "1104321000000108" : "1104311000000102";
      case AIR_OR_OXYGEN -> "1104331000000105";
      case SYSTOLIC_BP -> "1104341000000101";
      case PULSE -> "1104351000000103";
      case CONSCIOUSNESS -> "1104361000000100";
      case TEMPERATURE -> "1104371000000107";
    };
  }

  public static String subScoreDisplay(News2Parameter p, SpO2Scale scale) {
    String name = switch (p) {
      case RESPIRATION_RATE -> "respiration rate";
      case SPO2 -> scale == SpO2Scale.SCALE_2 ? "oxygen saturation scale 2" : "oxygen saturation scale 1";
      case AIR_OR_OXYGEN -> "air or oxygen";
      case SYSTOLIC_BP -> "systolic blood pressure";
      case PULSE -> "pulse";
      case CONSCIOUSNESS -> "consciousness";
      case TEMPERATURE -> "temperature";
    };
    return "Royal College of Physicians NEWS2 (National Early Warning Score 2) - " + name + " score";
  }

  /** Vital-sign codes per numeric parameter: LOINC and SNOMED as UK Core uses them (clinical-reference §1.4). */
  static final Map<News2Parameter, Set<String>> LOINC_CODES = Map.of(
      News2Parameter.RESPIRATION_RATE, Set.of("9279-1"),
      News2Parameter.SPO2, Set.of("2708-6", "59408-5"),
      News2Parameter.SYSTOLIC_BP, Set.of("8480-6"),
      News2Parameter.PULSE, Set.of("8867-4"),
      News2Parameter.TEMPERATURE, Set.of("8310-5"));
  static final Map<News2Parameter, Set<String>> SNOMED_CODES = Map.of(
      News2Parameter.RESPIRATION_RATE, Set.of("86290005"),
      News2Parameter.SPO2, Set.of("103228002", "431314004"),
      News2Parameter.SYSTOLIC_BP, Set.of("72313002"),
      News2Parameter.PULSE, Set.of("364075005", "78564009"),
      News2Parameter.TEMPERATURE, Set.of("276885007", "386725007"));
  /** UCUM units accepted per numeric parameter (the UK Core examples use the annotated forms). */
  static final Map<News2Parameter, Set<String>> UNITS = Map.of(
      News2Parameter.RESPIRATION_RATE, Set.of("/min", "{breaths}/min", "{Breaths}/min"),
      News2Parameter.SPO2, Set.of("%"),
      News2Parameter.SYSTOLIC_BP, Set.of("mm[Hg]"),
      News2Parameter.PULSE, Set.of("/min", "{beats}/min", "{Beats}/min"),
      News2Parameter.TEMPERATURE, Set.of("Cel"));
  static final Set<String> BP_PANEL_LOINC = Set.of("85354-9");
  static final Set<String> BP_PANEL_SNOMED = Set.of("75367002");

  private News2Codes() {}
}
