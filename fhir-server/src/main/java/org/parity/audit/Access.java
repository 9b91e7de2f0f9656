package org.parity.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.parity.security.Caller;

/**
 * The facts of one FHIR request that its AuditEvent records; no HAPI types, so the mapping to an AuditEvent
 * ({@link AuditEvents#toAuditEvent}) is a pure function.
 *
 * @param start when the request arrived
 * @param end when the response was complete
 * @param interaction the {@code http://hl7.org/fhir/restful-interaction} code, e.g. {@code read}, {@code operation}
 * @param operation the operation name ({@code $everything}) when {@code interaction} is {@code operation}, else null
 * @param httpMethod GET, POST, PUT, PATCH, DELETE...
 * @param description method and URL as received, e.g. {@code GET http://host/fhir/Patient/1}
 * @param status the HTTP status answered
 * @param detail the reason of a refusal or failure (exception message), null on success
 * @param caller who called (from the access token, or {@link Caller#UNSECURED})
 * @param authenticatedCaller false when the caller could not be established (refused before FHIR): record "unauthenticated"
 * @param networkAddress the client's IP address as the server saw it
 * @param observer this server (its FHIR base URL)
 * @param requestId HAPI's request id ({@code X-Request-ID})
 * @param patients every patient the request touched ({@code Patient/x}, versionless)
 * @param breakGlassPatients the patients reached only under break-glass
 * @param resources versioned references of the resources read or written (or the requested id when none was)
 * @param query the query string of a search, null otherwise
 */
public record Access(
    Instant start,
    Instant end,
    String interaction,
    String operation,
    String httpMethod,
    String description,
    int status,
    String detail,
    Caller caller,
    boolean authenticatedCaller,
    String networkAddress,
    String observer,
    String requestId,
    Set<String> patients,
    Set<String> breakGlassPatients,
    List<String> resources,
    String query) {}
