package org.parity.news2;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * NEWS2 settings (prefix {@code parity.news2}), explained in docs/configuration.md. The intervals are the time from
 * a set's effective time to the next set due, per RCP Chart 4 row (clinical-reference §1.3); a trust may make them
 * shorter by local policy.
 *
 * @param routineInterval total 0: Chart 4 "minimum 12-hourly"
 * @param wardAssessmentInterval total 1–4: Chart 4 "minimum 4–6-hourly"; the default takes the stricter end
 * @param singleParameterRedInterval 3 in one parameter: Chart 4 "minimum 1-hourly"
 * @param urgentInterval total 5–6: Chart 4 "minimum 1-hourly"
 * @param emergencyInterval total 7 or more: Chart 4 "continuous monitoring"; the Task is a reminder, not the monitor
 * @param setWindow vital signs within this much of each other's effective time count as one set (issue 5 contract)
 */
@ConfigurationProperties("parity.news2")
public record News2Settings(
    @DefaultValue("PT12H") Duration routineInterval,
    @DefaultValue("PT4H") Duration wardAssessmentInterval,
    @DefaultValue("PT1H") Duration singleParameterRedInterval,
    @DefaultValue("PT1H") Duration urgentInterval,
    @DefaultValue("PT30M") Duration emergencyInterval,
    @DefaultValue("PT5M") Duration setWindow) {

  /** The defaults, for tests and callers outside Spring. */
  public static News2Settings defaults() {
    return new News2Settings(Duration.ofHours(12), Duration.ofHours(4), Duration.ofHours(1), Duration.ofHours(1),
        Duration.ofMinutes(30), Duration.ofMinutes(5));
  }

  public Duration interval(News2Response response) {
    return switch (response) {
      case ROUTINE -> routineInterval;
      case WARD_ASSESSMENT -> wardAssessmentInterval;
      case SINGLE_PARAMETER_RED -> singleParameterRedInterval;
      case URGENT -> urgentInterval;
      case EMERGENCY -> emergencyInterval;
    };
  }
}
