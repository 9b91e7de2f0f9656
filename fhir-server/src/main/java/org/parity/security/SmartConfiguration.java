package org.parity.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code [base]/.well-known/smart-configuration} (SMART App Launch 2.x). Served by Parity, not Keycloak,
 * because Keycloak's own discovery offers PKCE {@code plain}, which SMART forbids. 404 when security is off.
 */
@Configuration
public class SmartConfiguration {

  static final List<String> SCOPES = List.of("openid", "fhirUser", "launch/patient",
      "user/*.cruds", "user/*.rs", "user/Observation.cruds", "patient/*.rs", "patient/CarePlan.cru",
      "system/*.rs", "system/ServiceRequest.cru", "system/Task.cru");

  @Bean
  public ServletRegistrationBean<HttpServlet> smartConfigurationServlet(SecurityProperties properties) {
    ObjectMapper json = new ObjectMapper();
    HttpServlet servlet = new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        if (!properties.enabled()) {
          response.setStatus(HttpServletResponse.SC_NOT_FOUND);
          response.getWriter().write("{\"error\":\"security is disabled on this server (local development)\"}");
          return;
        }
        response.setHeader("Cache-Control", "max-age=300");
        json.writeValue(response.getOutputStream(), document(properties));
      }
    };
    // An exact servlet mapping wins over HAPI's /fhir/* mapping.
    return new ServletRegistrationBean<>(servlet, "/fhir/.well-known/smart-configuration");
  }

  static Map<String, Object> document(SecurityProperties properties) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", properties.issuer());
    doc.put("jwks_uri", properties.issuer() + "/protocol/openid-connect/certs");
    doc.put("authorization_endpoint", properties.effectiveAuthorizationEndpoint());
    doc.put("token_endpoint", properties.effectiveTokenEndpoint());
    doc.put("end_session_endpoint", properties.issuer() + "/protocol/openid-connect/logout");
    doc.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
    doc.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "client_secret_basic"));
    doc.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
    doc.put("scopes_supported", SCOPES);
    doc.put("response_types_supported", List.of("code"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put("capabilities", List.of("launch-standalone", "client-public", "client-confidential-asymmetric",
        "sso-openid-connect", "context-standalone-patient", "permission-v2", "permission-user",
        "permission-patient"));
    return doc;
  }
}
