package org.parity.timers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deadline timer settings (prefix {@code parity.timers}), explained in docs/configuration.md.
 *
 * @param enabled whether this instance polls deadlines (every instance may: transitions are single-firing)
 * @param pollInterval how often open deadline Tasks are checked; a transition is at most this late
 * @param dueSoon how long before its due time a deadline shows as due soon (amber on the ward board)
 */
@ConfigurationProperties("parity.timers")
public record TimerSettings(@DefaultValue("true") boolean enabled, @DefaultValue("PT30S") Duration pollInterval,
    @DefaultValue("PT1H") Duration dueSoon) {}
