package org.parity.fluidbalance;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.parity.conformance.ParityPackage;
import org.parity.fhir.FhirOperation;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/[id]/$must}: computes a MUST screening (BAPEN) from the latest weight and height, the
 * weight 3-6 months ago and the acute-disease answer. Returns the screening as an Observation for the
 * clinician to confirm and save; it stores nothing itself.
 */
@Component
public class MustOperation implements FhirOperation {

  static final String RISK_SYSTEM = ParityPackage.CANONICAL_BASE + "/CodeSystem/must-risk";

  private final FluidChartReader reader;
  private final Clock clock;

  public MustOperation(FluidChartReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  @Operation(name = "$must", idempotent = false, typeName = "Patient")
  public Observation screen(
      @IdParam IdType patientId,
      @OperationParam(name = "acutelyIllNoIntakeOver5Days", min = 1, max = 1) BooleanType acutelyIll,
      RequestDetails request) {
    if (acutelyIll == null || acutelyIll.getValue() == null) {
      // Scoring a missing answer as "no" would understate the risk (BAPEN MUST step 3).
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          "Parameter 'acutelyIllNoIntakeOver5Days' (true or false) is required: MUST step 3 cannot be assumed");
    }
    String patientRef = "Patient/" + patientId.getIdPart();
    reader.patient(patientId, request);
    Instant now = clock.instant();
    List<Observation> weights = reader.measurements(patientRef, ChartCodes.BODY_WEIGHT_LOINC, request).stream()
        .filter(o -> o.hasEffectiveDateTimeType() && FhirFluidMapper.kilograms(o).isPresent())
        .toList();
    Observation weight = weights.stream().findFirst().orElseThrow(() -> new UnprocessableEntityException(
        "MUST needs a weight: chart a body weight for " + patientRef + " first"));
    Observation height = reader.measurements(patientRef, ChartCodes.BODY_HEIGHT_LOINC, request).stream()
        .filter(o -> FhirFluidMapper.centimetres(o).isPresent())
        .findFirst().orElseThrow(() -> new UnprocessableEntityException(
            "MUST needs a height: chart a height for " + patientRef + " first (or a recalled height)"));
    Optional<Observation> previous = previousWeight(weights, weight);

    MustResult result = Must.screen(new MustInput(
        FhirFluidMapper.kilograms(weight).orElseThrow(),
        FhirFluidMapper.centimetres(height).orElseThrow(),
        previous.flatMap(FhirFluidMapper::kilograms).orElse(null),
        acutelyIll.getValue()));

    Observation must = new Observation();
    must.getMeta().addProfile(ChartCodes.PROFILE_MUST);
    must.setStatus(Observation.ObservationStatus.FINAL);
    must.addCategory(new CodeableConcept(new Coding(ChartCodes.CATEGORY, "nutrition", "Nutrition")));
    must.setCode(new CodeableConcept(new Coding(ChartCodes.OBSERVATION, ChartCodes.MUST_SCREENING,
        "Malnutrition Universal Screening Tool (MUST)")));
    must.setSubject(new Reference(patientRef));
    try {
      Encounter admission = reader.admission(patientRef, request);
      must.setEncounter(new Reference("Encounter/" + admission.getIdElement().getIdPart()));
    } catch (UnprocessableEntityException notAdmitted) {
      // A screening outside an admission is still a valid screening.
    }
    must.setEffective(new DateTimeType(Date.from(now)));
    must.setValue(new IntegerType(result.total()));
    must.addComponent(score("must-bmi-score", "MUST step 1: BMI score", result.bmiScore()));
    must.addComponent(score("must-weight-loss-score", "MUST step 2: weight loss score", result.weightLossScore()));
    must.addComponent(score("must-acute-disease-score", "MUST step 3: acute disease effect score",
        result.acuteDiseaseScore()));
    String risk = result.risk().name().toLowerCase();
    must.addInterpretation(new CodeableConcept(new Coding(RISK_SYSTEM, risk, risk + " risk of malnutrition")));
    must.addDerivedFrom(new Reference("Observation/" + weight.getIdElement().getIdPart()));
    must.addDerivedFrom(new Reference("Observation/" + height.getIdElement().getIdPart()));
    previous.ifPresent(p -> must.addDerivedFrom(new Reference("Observation/" + p.getIdElement().getIdPart())));
    StringBuilder note = new StringBuilder(String.format("BMI %.1f kg/m2", result.bmi()));
    if (result.weightLossPercent() != null) {
      note.append(String.format("; unplanned weight loss %.1f%%", result.weightLossPercent()));
    }
    must.addNote().setText(note.toString());
    result.management().forEach(line -> must.addNote().setText(line));
    return must;
  }

  /** BAPEN MUST step 2 compares with the weight 3-6 months ago: the oldest weight in that window. */
  static Optional<Observation> previousWeight(List<Observation> weights, Observation latest) {
    Instant latestAt = latest.getEffectiveDateTimeType().getValue().toInstant();
    ZonedDateTime at = latestAt.atZone(FluidBalanceSettings.LONDON);
    Instant sixMonths = at.minusMonths(6).toInstant();
    Instant threeMonths = at.minusMonths(3).toInstant();
    return weights.stream()
        .filter(o -> {
          Instant t = o.getEffectiveDateTimeType().getValue().toInstant();
          return !t.isBefore(sixMonths) && !t.isAfter(threeMonths);
        })
        .min(Comparator.comparing(o -> o.getEffectiveDateTimeType().getValue()));
  }

  private static Observation.ObservationComponentComponent score(String code, String display, int value) {
    Observation.ObservationComponentComponent component = new Observation.ObservationComponentComponent();
    component.setCode(new CodeableConcept(new Coding(ChartCodes.OBSERVATION, code, display)));
    component.setValue(new IntegerType(value));
    return component;
  }
}
