package org.parity.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.parity.support.Fixtures;
import org.parity.support.H2ServerTest;
import org.parity.support.Http;
import org.parity.timers.DeadlinePoller;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Subscriptions over real components (sign-in off): a websocket client bound to a Subscription on overdue-deadline
 * Flags hears the ping when the real deadline poller marks a Task overdue; a rest-hook delivers a new Flag to an
 * HTTP server in this JVM. Notifications are asynchronous: every wait has a timeout.
 */
class SubscriptionServerTest extends H2ServerTest {

  static final String OVERDUE = "Flag?code=https://parity-epr.org/fhir/CodeSystem/deadline|deadline-overdue";

  @Autowired
  DeadlinePoller poller;

  String create(Resource resource) {
    Http.Response response = Http.postJson(fhirBase() + "/" + resource.fhirType(),
        fhirContext.newJsonParser().encodeResourceToString(resource));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().path("id").asText();
  }

  String subscribe(String json) {
    Http.Response response = Http.postJson(fhirBase() + "/Subscription", json);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    String id = response.json().path("id").asText();
    awaitActive(id);
    return id;
  }

  /** HAPI activates a Subscription asynchronously (requested, then active). */
  void awaitActive(String id) {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      Http.Response read = Http.get(fhirBase() + "/Subscription/" + id);
      if ("active".equals(read.json().path("status").asText())) {
        return;
      }
      assertThat(Instant.now()).as("Subscription/" + id + " active within 30 s: " + read.body()).isBefore(until);
      pause();
    }
  }

  /** Binds, retrying while the Subscription is not yet in this instance's registry (bind is then refused and closed). */
  SocketClient bind(String id) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      SocketClient socket = SocketClient.connect("ws://localhost:" + port + "/websocket");
      socket.send("bind Subscription/" + id);
      String answer = socket.next(Duration.ofSeconds(5));
      if (("bound " + id).equals(answer)) {
        return socket;
      }
      socket.close();
      assertThat(Instant.now()).as("bound within 30 s, last answer: " + answer).isBefore(until);
      pause();
    }
  }

  static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aDeadlineTurningOverduePingsTheBoundWebsocket() throws Exception {
    String id = subscribe("""
        {"resourceType":"Subscription","status":"requested","reason":"Ward board: overdue deadlines",
         "criteria":"%s","channel":{"type":"websocket"}}""".formatted(OVERDUE));
    try (SocketClient socket = bind(id)) {
      // Admitted 2 hours ago: the first NEWS2 observations (due within 1 hour) are overdue at the next poll.
      String ward = create(Fixtures.ward("SB" + UUID.randomUUID().toString().substring(0, 3), "Subscription ward"));
      String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Pinged"));
      var admission = Fixtures.inpatientEncounter("Patient/" + patient, "Location/" + ward);
      admission.getPeriod().setStart(Date.from(Instant.now().minus(Duration.ofHours(2))));
      create(admission);
      assertThat(poller.poll()).isPositive();

      boolean pinged = socket.await("ping " + id, Duration.ofSeconds(30));
      assertThat(pinged).as("ping within 30 s; received: " + socket.messages + "; flags: " + Http.get(fhirBase()
          + "/Flag?patient=Patient/" + patient).body()).isTrue();
      assertThat(Http.get(fhirBase() + "/Flag?patient=Patient/" + patient + "&code="
          + "https://parity-epr.org/fhir/CodeSystem/deadline|deadline-overdue").json().path("entry")).hasSize(1);
    }
  }

  @Test
  void bindingToAnUnknownSubscriptionIsRefused() throws Exception {
    try (SocketClient socket = SocketClient.connect("ws://localhost:" + port + "/websocket")) {
      socket.send("bind Subscription/does-not-exist");
      String answer = socket.next(Duration.ofSeconds(10));
      assertThat(answer).startsWith("closed 1002").contains("Unknown subscription");
    }
  }

  @Test
  void aRestHookDeliversAMatchingFlagToTheListedEndpoint() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpServer hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext("/hooks", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    hooks.start();
    try {
      String code = "hook-" + UUID.randomUUID().toString().substring(0, 8);
      String endpoint = "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks/parity";
      subscribe("""
          {"resourceType":"Subscription","status":"requested","reason":"Integration engine",
           "criteria":"Flag?code=urn:test:flags|%s",
           "channel":{"type":"rest-hook","endpoint":"%s","payload":"application/fhir+json"}}"""
          .formatted(code, endpoint));
      String patient = create(Fixtures.patient(Fixtures.nhsNumber(), "Hooked"));
      Flag other = flag(patient, "not-" + code);
      create(other);
      String flagId = create(flag(patient, code));

      String delivery = received.poll(30, TimeUnit.SECONDS);
      assertThat(delivery).as("a delivery within 30 s").isNotNull();
      assertThat(delivery).startsWith("PUT /hooks/parity/Flag/" + flagId).contains(code);
      assertThat(received.poll(3, TimeUnit.SECONDS)).as("the non-matching Flag is not delivered").isNull();
    } finally {
      hooks.stop(0);
    }
  }

  @Test
  void aRestHookToAnEndpointNotListedIsRefusedNamingTheEndpoint() {
    Http.Response response = Http.postJson(fhirBase() + "/Subscription", """
        {"resourceType":"Subscription","status":"requested","reason":"Exfiltration",
         "criteria":"Flag?code=urn:test:flags|x",
         "channel":{"type":"rest-hook","endpoint":"https://records.example.com/hooks","payload":"application/fhir+json"}}""");
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.issues()).contains("Subscription.channel.endpoint").contains("not on this server's list");
  }

  static Flag flag(String patient, String code) {
    Flag flag = new Flag();
    flag.setStatus(Flag.FlagStatus.ACTIVE);
    flag.setCode(new CodeableConcept(new Coding("urn:test:flags", code, "Test flag")));
    flag.setSubject(new Reference("Patient/" + patient));
    return flag;
  }
}
