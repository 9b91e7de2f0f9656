package org.parity.subscriptions;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FHIR Subscription settings (prefix {@code parity.subscriptions}), explained in docs/features/subscriptions.md.
 *
 * @param enabled whether this instance accepts Subscriptions and delivers notifications
 * @param websocketPath where websocket clients connect and {@code bind Subscription/[id]}
 * @param restHookEndpoints the only places a rest-hook may deliver to: URLs (scheme, host, port, path prefix);
 *     https except on loopback. Empty: no rest-hook is accepted
 * @param allowedOrigins browser origins allowed to open the websocket besides the server's own
 * @param submissionInterval how often stored changes are handed to matching and delivery (latency of a push)
 * @param staffLifetime the longest a ward staff Subscription may run ({@code Subscription.end} at most this far
 *     ahead); expired Subscriptions are switched off
 * @param expirySweep how often Subscriptions past their end are switched off
 */
@ConfigurationProperties("parity.subscriptions")
public record SubscriptionSettings(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("/websocket") String websocketPath,
    @DefaultValue({}) List<String> restHookEndpoints,
    @DefaultValue({}) List<String> allowedOrigins,
    @DefaultValue("PT2S") Duration submissionInterval,
    @DefaultValue("PT24H") Duration staffLifetime,
    @DefaultValue("PT5M") Duration expirySweep) {}
