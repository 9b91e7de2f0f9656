package org.parity.fluidbalance;

import org.parity.conformance.ParityPackage;

/** Systems, codes and profile URLs of the food and fluid charts (docs/features/fluid-balance.md). */
public final class ChartCodes {

  private ChartCodes() {}

  public static final String OBSERVATION = ParityPackage.CANONICAL_BASE + "/CodeSystem/parity-observation";
  public static final String CATEGORY = ParityPackage.CANONICAL_BASE + "/CodeSystem/parity-observation-category";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String LOINC = "http://loinc.org";
  public static final String BODY_WEIGHT_LOINC = "29463-7";
  public static final String BODY_HEIGHT_LOINC = "8302-2";

  public static final String FLUID_INTAKE = "fluid-intake";
  public static final String FLUID_OUTPUT = "fluid-output";
  public static final String FOOD_INTAKE = "food-intake";
  public static final String MUST_SCREENING = "must-screening";
  public static final String OUTPUT_TYPE = "output-type";
  public static final String SUPPLEMENT_VOLUME = "supplement-volume";

  private static String profile(String id) {
    return ParityPackage.CANONICAL_BASE + "/StructureDefinition/" + id;
  }

  public static final String PROFILE_INTAKE = profile("parity-fluid-intake");
  public static final String PROFILE_OUTPUT = profile("parity-fluid-output");
  public static final String PROFILE_FOOD = profile("parity-food-intake");
  public static final String PROFILE_WEIGHT = profile("parity-body-weight");
  public static final String PROFILE_HEIGHT = profile("parity-body-height");
  public static final String PROFILE_MUST = profile("parity-must-screening");
  public static final String PROFILE_TARGET = profile("parity-fluid-target");
}
