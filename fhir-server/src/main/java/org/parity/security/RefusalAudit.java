package org.parity.security;

import jakarta.servlet.http.HttpServletRequest;

/** Records requests refused before they reach the FHIR server (no or bad token), for the audit trail. */
public interface RefusalAudit {
  void recordRefusedBeforeFhir(HttpServletRequest request, int status, String reason);
}
