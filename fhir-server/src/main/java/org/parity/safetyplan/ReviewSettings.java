package org.parity.safetyplan;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Safety plan review settings (prefix {@code parity.safety-plan}), explained in docs/configuration.md.
 *
 * @param transitionReviewWithin how soon the review Task of a patient's active safety plan is due after a transfer to
 *     another ward, leave or discharge. Local policy: guidance asks for ongoing review, without a time.
 */
@ConfigurationProperties("parity.safety-plan")
public record ReviewSettings(@DefaultValue("PT24H") Duration transitionReviewWithin) {}
