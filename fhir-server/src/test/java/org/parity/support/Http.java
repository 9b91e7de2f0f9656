package org.parity.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP for tests that check status codes and bodies exactly as a client sees them. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Response(int status, String body, java.net.http.HttpHeaders headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** All {@code issue.expression} and {@code issue.diagnostics} of an OperationOutcome, for assertions. */
    public String issues() {
      StringBuilder text = new StringBuilder();
      for (JsonNode issue : json().path("issue")) {
        text.append(issue.path("severity").asText()).append(' ')
            .append(issue.path("expression")).append(' ')
            .append(issue.path("diagnostics").asText()).append('\n');
      }
      return text.toString();
    }
  }

  private Http() {}

  /** GET a FHIR URL written as a person would, with {@code |} unescaped in token searches. */
  public static Response get(String url, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replace("|", "%7C")))
        .header("Accept", "application/fhir+json").GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  public static Response post(String url, String contentType, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", contentType)
        .header("Accept", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  /** PUT a FHIR JSON resource (an update), with extra headers such as {@code If-Match}. */
  public static Response putJson(String url, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  public static Response postJson(String url, String body, String... headers) {
    return post(url, "application/fhir+json", body, headers);
  }

  public static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
