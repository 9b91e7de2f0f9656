package org.parity.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.parity.fhir.FhirProperties;
import org.parity.fhir.RestInterceptor;
import org.parity.security.Caller;
import org.parity.security.RefusalAudit;
import org.parity.security.RequestAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One AuditEvent per FHIR request, whatever its outcome (IHE BALP mapping in {@link AuditEvents}): reads,
 * searches, history, writes, operations, transactions and batches, and refused or failed requests. While
 * the request runs it gathers the patients of the resources shown ({@code STORAGE_PRESHOW_RESOURCES}) and
 * the resources written ({@link WriteProvenance}); when it completes ({@code SERVER_PROCESSING_COMPLETED},
 * which HAPI calls for every request, success or not) the event is queued for {@link AuditWriter}.
 */
@Component
public class AuditTrail implements RestInterceptor, RefusalAudit {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private static final String IN_FLIGHT = AuditTrail.class.getName() + ".inFlight";

  private final AuditWriter writer;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final FhirContext fhirContext;
  private final FhirProperties fhirProperties;

  public AuditTrail(AuditWriter writer, FhirContext fhirContext, FhirProperties fhirProperties) {
    this.writer = writer;
    this.fhirContext = fhirContext;
    this.fhirProperties = fhirProperties;
  }

  /** Counts requests in progress, so {@link #flush()} also waits for events not yet queued. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
  public boolean started(HttpServletRequest request) {
    request.setAttribute(IN_FLIGHT, Boolean.TRUE);
    inFlight.incrementAndGet();
    return true;
  }

  /** Patients of everything about to be shown: read results, search pages, includes, operation results. */
  @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
  public void shown(IPreResourceShowDetails details, RequestDetails request) {
    if (request == null) {
      return;
    }
    List<IBaseResource> resources = new ArrayList<>(details.size());
    for (int i = 0; i < details.size(); i++) {
      resources.add(details.getResource(i));
    }
    AuditRecord record = AuditRecord.of(request);
    record.patients(AuditRecord.patientsOf(fhirContext, resources));
    RestOperationTypeEnum type = request.getRestOperationType();
    if (type == RestOperationTypeEnum.READ || type == RestOperationTypeEnum.VREAD) {
      resources.stream().filter(r -> r != null && r.getIdElement().hasIdPart())
          .forEach(r -> record.resource(versioned(r)));
    }
  }

  /** The status and reason of a refused or failed request (after any translation, e.g. 409 to 412). */
  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean failed(RequestDetails request, BaseServerResponseException exception) {
    AuditRecord.of(request).failed(exception.getStatusCode(), exception.getMessage());
    return true;
  }

  /** Every request ends here, normally or not: build its AuditEvent and queue it. */
  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
  public void completed(RequestDetails request) {
    try {
      submit(request);
    } finally {
      if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
          && servlet.getServletRequest().getAttribute(IN_FLIGHT) != null) {
        servlet.getServletRequest().removeAttribute(IN_FLIGHT);
        inFlight.decrementAndGet();
      }
    }
  }

  private void submit(RequestDetails request) {
    try {
      writer.submit(AuditEvents.toAuditEvent(access(request)));
    } catch (RuntimeException e) {
      // Audit must never break a response that is already sent: record what is certain.
      try {
        writer.submit(fallback(request, e));
      } catch (RuntimeException again) {
        log.error("AUDIT EVENT LOST: request {} could not be recorded", request.getCompleteUrl(), again);
      }
    }
  }

  /**
   * For requests refused before HAPI sees them (the security filter chain: missing or invalid token, 401/403):
   * recorded with outcome 4, the caller "unauthenticated" (nothing in the request is trusted) and the network
   * address.
   */
  @Override
  public void recordRefusedBeforeFhir(HttpServletRequest request, int status, String reason) {
    try {
      Instant now = Instant.now();
      String url = request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
      Access access = new Access(now, now, null, null, request.getMethod(), request.getMethod() + " " + url,
          status, reason, Caller.UNSECURED, false, request.getRemoteAddr(), observer(null), null,
          Set.of(), Set.of(), List.of(), null);
      writer.submit(AuditEvents.toAuditEvent(access));
    } catch (RuntimeException e) {
      log.error("AUDIT EVENT LOST: refused request {} {} could not be recorded", request.getMethod(),
          request.getRequestURI(), e);
    }
  }

  /** For tests and shutdown: waits until every AuditEvent of completed requests is stored. */
  public boolean flush() {
    // HAPI answers the client before SERVER_PROCESSING_COMPLETED: wait for requests still finishing.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return writer.flush(Duration.ofSeconds(30));
  }

  Access access(RequestDetails request) {
    AuditRecord record = AuditRecord.of(request);
    RequestAccess requestAccess = RequestAccess.of(request);
    RestOperationTypeEnum type = request.getRestOperationType();
    String interaction = interaction(type, request.getResource());
    String operation = "operation".equals(interaction) ? operationName(type, request.getOperation()) : null;

    Set<String> patients = new LinkedHashSet<>();
    IIdType id = request.getId();
    List<String> resources = new ArrayList<>(record.resources());
    // Only references to resource types this server knows; anything else stays in the request description.
    if (id != null && id.hasIdPart() && request.getResourceName() != null
        && fhirContext.getResourceTypes().contains(request.getResourceName())) {
      if ("Patient".equals(request.getResourceName())) {
        patients.add("Patient/" + id.getIdPart());
      }
      if (resources.isEmpty() && type != RestOperationTypeEnum.CREATE) {
        // Nothing was read or written (refused, not found): record what was asked for.
        resources.add(request.getResourceName() + "/" + id.getIdPart()
            + (id.hasVersionIdPart() ? "/_history/" + id.getVersionIdPart() : ""));
      }
    }
    patients.addAll(record.patients());

    Integer failedStatus = record.status();
    int status = failedStatus != null ? failedStatus : successStatus(request);
    Instant end = Instant.now();
    Instant start = request.getRequestStopwatch() != null && request.getRequestStopwatch().getStartedDate() != null
        ? request.getRequestStopwatch().getStartedDate().toInstant() : end;
    String method = request.getRequestType() == null ? "?" : request.getRequestType().name();
    String query = isSearch(type) ? queryOf(request) : null;
    Set<String> breakGlass = new LinkedHashSet<>(requestAccess.breakGlassPatients());
    breakGlass.retainAll(patients);
    return new Access(start, end, interaction, operation, method, method + " " + request.getCompleteUrl(),
        status, record.detail(), requestAccess.caller(), true, networkAddress(request), observer(request),
        request.getRequestId(), patients, breakGlass, resources, query);
  }

  private AuditEvent fallback(RequestDetails request, RuntimeException e) {
    log.error("Audit mapping failed for {}; recording a minimal event", request.getCompleteUrl(), e);
    Instant now = Instant.now();
    return AuditEvents.toAuditEvent(new Access(now, now, null, null,
        request.getRequestType() == null ? "?" : request.getRequestType().name(),
        request.getCompleteUrl(), successStatus(request), "audit mapping failed: " + e, Caller.UNSECURED, false,
        networkAddress(request), observer(request), request.getRequestId(), Set.of(), Set.of(), List.of(), null));
  }

  /** The {@code http://hl7.org/fhir/restful-interaction} code for HAPI's operation type. */
  static String interaction(RestOperationTypeEnum type, IBaseResource body) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case READ -> "read";
      case VREAD -> "vread";
      case UPDATE, UPDATE_REWRITE_HISTORY -> "update";
      case PATCH -> "patch";
      case DELETE -> "delete";
      case CREATE -> "create";
      case HISTORY_INSTANCE -> "history-instance";
      case HISTORY_TYPE -> "history-type";
      case HISTORY_SYSTEM -> "history-system";
      case SEARCH_TYPE, GET_PAGE -> "search-type";
      case SEARCH_SYSTEM -> "search-system";
      case METADATA -> "capabilities";
      case TRANSACTION, BATCH ->
          type == RestOperationTypeEnum.BATCH
              || (body instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.BATCH) ? "batch" : "transaction";
      default -> "operation"; // extended operations, $validate, $meta, tags, GraphQL
    };
  }

  static String operationName(RestOperationTypeEnum type, String operation) {
    if (operation != null && !operation.isBlank()) {
      return operation.startsWith("$") ? operation : "$" + operation;
    }
    return switch (type) {
      case VALIDATE -> "$validate";
      case META -> "$meta";
      case META_ADD -> "$meta-add";
      case META_DELETE -> "$meta-delete";
      case GRAPHQL_REQUEST -> "$graphql";
      default -> "$" + type.getCode();
    };
  }

  private static boolean isSearch(RestOperationTypeEnum type) {
    return type == RestOperationTypeEnum.SEARCH_TYPE || type == RestOperationTypeEnum.SEARCH_SYSTEM
        || type == RestOperationTypeEnum.GET_PAGE;
  }

  /** The query as BALP records it: server base, path and the parameters as received. */
  private static String queryOf(RequestDetails request) {
    String url = request.getCompleteUrl();
    if (url != null && url.contains("?")) {
      return url;
    }
    // POST _search: parameters came in the body.
    StringBuilder query = new StringBuilder(url == null ? "" : url);
    char separator = '?';
    for (var entry : request.getParameters().entrySet()) {
      for (String value : entry.getValue()) {
        query.append(separator).append(entry.getKey()).append('=').append(value);
        separator = '&';
      }
    }
    return query.toString();
  }

  private static int successStatus(RequestDetails request) {
    if (request instanceof ServletRequestDetails servlet && servlet.getServletResponse() != null) {
      int status = servlet.getServletResponse().getStatus();
      if (status > 0) {
        return status;
      }
    }
    return 200;
  }

  private static String networkAddress(RequestDetails request) {
    if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
      return servlet.getServletRequest().getRemoteAddr();
    }
    return null;
  }

  private String observer(RequestDetails request) {
    if (!fhirProperties.serverAddress().isBlank()) {
      return fhirProperties.serverAddress();
    }
    if (request != null && request.getFhirServerBase() != null) {
      return request.getFhirServerBase();
    }
    return "Parity FHIR server";
  }

  private static String versioned(IBaseResource resource) {
    IIdType id = resource.getIdElement();
    String type = id.hasResourceType() ? id.getResourceType() : resource.fhirType();
    return type + "/" + id.getIdPart() + (id.hasVersionIdPart() ? "/_history/" + id.getVersionIdPart() : "");
  }
}
