package org.parity.vte;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * VTE settings (prefix {@code parity.vte}), explained in docs/configuration.md.
 *
 * @param reassessWithin how soon a VTE reassessment is due after a change in the clinical situation (a restraint,
 *     reduced mobility charted, a new antipsychotic). Local policy: the DH tool says "whenever the clinical
 *     situation changes" without a time; the 24 hours after admission are the tool's own and not configurable.
 */
@ConfigurationProperties("parity.vte")
public record VteSettings(@DefaultValue("PT24H") Duration reassessWithin) {}
