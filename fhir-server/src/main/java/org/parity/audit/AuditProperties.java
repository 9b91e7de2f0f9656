package org.parity.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit trail settings (prefix {@code parity.audit}); every one is explained in docs/configuration.md.
 *
 * @param queueCapacity AuditEvents waiting to be stored; when full, further events are lost (ERROR log, counter)
 * @param batchSize AuditEvents stored together in one database transaction
 * @param shutdownTimeout how long shutdown waits for the queue to be stored
 */
@ConfigurationProperties("parity.audit")
public record AuditProperties(
    @DefaultValue("10000") int queueCapacity,
    @DefaultValue("200") int batchSize,
    @DefaultValue("30s") Duration shutdownTimeout) {}
