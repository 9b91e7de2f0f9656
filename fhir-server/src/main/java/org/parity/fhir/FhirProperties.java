package org.parity.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the FHIR endpoint (prefix {@code parity.fhir}); every one is explained in docs/configuration.md.
 *
 * @param maxRequestSize request bodies above this are refused with 413
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 * @param serverAddress fixed public base URL (behind a proxy); empty means "from the incoming request"
 */
@ConfigurationProperties("parity.fhir")
public record FhirProperties(
    @DefaultValue("5MB") DataSize maxRequestSize,
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("200") int maxPageSize,
    @DefaultValue("") String serverAddress) {}
