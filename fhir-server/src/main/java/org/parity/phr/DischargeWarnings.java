package org.parity.phr;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.parity.fhir.RestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Puts warnings about a successful write into its response (FHIR http.html: hints and warnings go in an
 * OperationOutcome). Storage hooks record them on the request; here they are added as {@code warning} issues to:
 * the OperationOutcome a client gets with {@code Prefer: return=OperationOutcome}; the matching entry's
 * {@code response.outcome} of a transaction or batch response; and, when the body is the resource itself
 * ({@code return=representation}, the default), an HTTP {@code Warning: 199} header, since FHIR has no place for an
 * OperationOutcome there.
 */
@Component
public class DischargeWarnings implements RestInterceptor {

  private static final String KEY = DischargeWarnings.class.getName();

  /** Records a warning about {@code ref} (Type/id) for the response to {@code request}; none for server writes. */
  @SuppressWarnings("unchecked")
  static void add(RequestDetails request, String ref, String message) {
    if (request == null) {
      return;
    }
    synchronized (request.getUserData()) {
      Map<String, List<String>> warnings = (Map<String, List<String>>) request.getUserData()
          .computeIfAbsent(KEY, k -> new LinkedHashMap<String, List<String>>());
      warnings.computeIfAbsent(ref, r -> new ArrayList<>()).add(message);
    }
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  @SuppressWarnings("unchecked")
  public boolean outgoing(RequestDetails request, ResponseDetails response, HttpServletResponse servletResponse) {
    Object recorded = request.getUserData().get(KEY);
    if (!(recorded instanceof Map<?, ?> map) || map.isEmpty()) {
      return true;
    }
    Map<String, List<String>> warnings = (Map<String, List<String>>) map;
    IBaseResource body = response.getResponseResource();
    if (body instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        String location = entry.getResponse().getLocation();
        warnings.forEach((ref, messages) -> {
          if (location != null && (location.equals(ref) || location.startsWith(ref + "/"))) {
            if (!(entry.getResponse().getOutcome() instanceof OperationOutcome)) {
              entry.getResponse().setOutcome(new OperationOutcome());
            }
            messages.forEach(m -> warn((OperationOutcome) entry.getResponse().getOutcome(), ref, m));
          }
        });
      }
    } else if (body instanceof OperationOutcome outcome) {
      warnings.forEach((ref, messages) -> messages.forEach(m -> warn(outcome, ref, m)));
    } else if (servletResponse != null) {
      // RFC 9110 ("Warning" is obsolete but harmless); 199 = miscellaneous warning. Header values stay ASCII.
      warnings.values().forEach(messages -> messages.forEach(m -> servletResponse.addHeader("Warning",
          "199 parity \"" + m.replace("\"", "'").replaceAll("[^\\x20-\\x7E]", "-") + "\"")));
    }
    return true;
  }

  private static void warn(OperationOutcome outcome, String ref, String message) {
    outcome.addIssue().setSeverity(IssueSeverity.WARNING).setCode(IssueType.INCOMPLETE).setDiagnostics(message)
        .addExpression(ref.startsWith("Encounter/") ? "Encounter.status" : ref);
  }
}
