package org.parity.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the access decision for one FHIR request found, kept on the request for the audit trail:
 * the caller, and the patients reached only through break-glass (their access is audited with purpose BTG).
 */
public final class RequestAccess {

  private static final String KEY = RequestAccess.class.getName();

  private final Caller caller;
  private final Set<String> breakGlassPatients = new LinkedHashSet<>();
  private final Map<String, Object> attributes = new HashMap<>();

  private RequestAccess(Caller caller) {
    this.caller = caller;
  }

  /** The access record of this request, created with the current caller on first use. */
  public static RequestAccess of(RequestDetails request) {
    Object existing = request.getUserData().get(KEY);
    if (existing instanceof RequestAccess access) {
      return access;
    }
    RequestAccess access = new RequestAccess(Callers.current());
    request.getUserData().put(KEY, access);
    return access;
  }

  public Caller caller() {
    return caller;
  }

  /** Values computed once per request by the access layer (for example the caller's patients). */
  Map<String, Object> attributes() {
    return attributes;
  }

  /** Patient ids ({@code Patient/123}) this request may reach only under break-glass. */
  public Set<String> breakGlassPatients() {
    return breakGlassPatients;
  }
}
