package org.parity.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real Keycloak distribution (unpacked by the {@code deploy/keycloak} module) with the shipped realm
 * {@code deploy/keycloak/parity-realm.json}, started once per test JVM on a free loopback port with an
 * in-memory database, and stopped by a shutdown hook.
 *
 * <p>Tokens are obtained the way real clients do: authorization code + PKCE S256 for {@code ward-ui}
 * (no password grant, which the realm refuses), {@code private_key_jwt} for the trusts' backend services,
 * a client secret for the dev integrator. Keys for the trusts are generated here and registered through the
 * admin REST API; no private key exists in the repository.
 */
public final class KeycloakServer {

  public static final String REALM = "parity";
  /** The one password of every demo user in the shipped realm (dev only). */
  public static final String DEMO_PASSWORD = "Parity-demo-1";
  /** The audience the realm adds to every access token: the FHIR base URL. */
  public static final String FHIR_AUDIENCE = "http://127.0.0.1:8080/fhir";
  public static final String WARD_UI = "ward-ui";
  public static final String WARD_UI_REDIRECT = "http://127.0.0.1:8080/ward/";
  public static final String DEFAULT_USER_SCOPE = "openid fhirUser user/*.cruds patient/*.rs patient/CarePlan.cru";
  public static final String INTEGRATOR = "referral-integrator";
  /** Dev-only secret of the integrator client in the shipped realm. */
  public static final String INTEGRATOR_SECRET = "parity-dev-only-integrator-secret";
  public static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  private static final String ADMIN_USERNAME = "parity-test-admin";
  private static final String ADMIN_PASSWORD = "parity-test-admin-" + UUID.randomUUID();
  /**
   * A restart takes 5-15 s; the first start after a fresh unpack also re-augments Keycloak (over a minute on a
   * busy 2-core machine). Override with -Dparity.keycloak.start-timeout-seconds.
   */
  private static final Duration START_TIMEOUT =
      Duration.ofSeconds(Long.getLong("parity.keycloak.start-timeout-seconds", 180));
  private static final Map<String, JWSAlgorithm> TRUST_ALGORITHMS =
      Map.of("trust-demo-acute", JWSAlgorithm.RS384, "trust-demo-general", JWSAlgorithm.ES384);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static KeycloakServer instance;

  /** Tokens from one token-endpoint answer. */
  public record Tokens(String accessToken, String idToken, String refreshToken, JsonNode answer) {}

  /** A raw HTTP answer: status, body and the first {@code Location} header, if any. */
  public record Answer(int status, String body, Optional<String> location) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private final int port;
  private final Path log;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, JWK> trustKeys = new ConcurrentHashMap<>();

  /** The Keycloak of this JVM, started on first use. */
  public static synchronized KeycloakServer get() {
    if (instance == null) {
      instance = new KeycloakServer();
    }
    return instance;
  }

  private KeycloakServer() {
    Path home = home();
    Path realm = Path.of(required("parity.keycloak.realm", "../deploy/keycloak/parity-realm.json")).toAbsolutePath();
    if (!Files.isRegularFile(realm)) {
      throw new IllegalStateException("Keycloak realm file missing: " + realm);
    }
    this.port = freePort();
    try {
      Path importDir = Files.createDirectories(home.resolve("data/import"));
      Path staged = Files.createTempFile(importDir, ".parity-realm", ".tmp");
      Files.copy(realm, staged, StandardCopyOption.REPLACE_EXISTING);
      Files.move(staged, importDir.resolve("parity-realm.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      this.log = Files.createDirectories(Path.of("target")).resolve("keycloak-" + port + ".log").toAbsolutePath();
      ProcessBuilder builder = new ProcessBuilder(
          home.resolve("bin/kc.sh").toString(), "start-dev",
          "--http-host", "127.0.0.1", "--http-port", String.valueOf(port),
          "--hostname", "http://127.0.0.1:" + port,
          "--import-realm", "--db", "dev-mem")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
      builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
      this.process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Keycloak from " + home, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-stop"));
    awaitReady();
  }

  private static Path home() {
    String configured = System.getProperty("parity.keycloak.home");
    Path home;
    if (configured != null && !configured.isBlank()) {
      home = Path.of(configured);
    } else {
      // Outside Maven (an IDE run from fhir-server/): the module's usual output.
      try (var candidates = Files.list(Path.of("../deploy/keycloak/target"))) {
        home = candidates.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst().orElse(Path.of("missing"));
      } catch (IOException e) {
        home = Path.of("missing");
      }
    }
    home = home.toAbsolutePath().normalize();
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      throw new IllegalStateException("No Keycloak distribution at " + home
          + ": build it with ./mvnw -pl fhir-server -am ... (the deploy/keycloak module unpacks it)");
    }
    return home;
  }

  private static String required(String property, String fallback) {
    String value = System.getProperty(property);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " during start-up:\n" + logTail());
      }
      try {
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for Keycloak", e);
      }
      sleep(500);
    }
    String tail = logTail();
    stop();
    throw new IllegalStateException("Keycloak did not answer " + discovery + " within " + START_TIMEOUT.toSeconds() + " s:\n" + tail);
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n(full log " + log + ")";
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private synchronized void stop() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> jvm = process.descendants().toList();
    process.destroy(); // kc.sh forwards TERM to its JVM and waits for it
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    jvm.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public String issuer() {
    return "http://127.0.0.1:" + port + "/realms/" + REALM;
  }

  public String authorizationEndpoint() {
    return issuer() + "/protocol/openid-connect/auth";
  }

  public String tokenEndpoint() {
    return issuer() + "/protocol/openid-connect/token";
  }

  public String jwksUri() {
    return issuer() + "/protocol/openid-connect/certs";
  }

  // ---- users: authorization code + PKCE S256, as the ward UI does it ----

  public Tokens userToken(String username, String password) {
    return userToken(username, password, DEFAULT_USER_SCOPE);
  }

  public Tokens userToken(String username, String password, String scope) {
    String verifier = base64Url(randomBytes(32));
    String state = base64Url(randomBytes(16));
    Map<String, String> request = new LinkedHashMap<>();
    request.put("client_id", WARD_UI);
    request.put("response_type", "code");
    request.put("redirect_uri", WARD_UI_REDIRECT);
    request.put("scope", scope);
    request.put("state", state);
    request.put("code_challenge", s256(verifier));
    request.put("code_challenge_method", "S256");

    HttpResponse<String> loginPage = send(HttpRequest.newBuilder(URI.create(authorizationEndpoint() + "?" + form(request))).GET());
    if (loginPage.statusCode() != 200) {
      throw new IllegalStateException("authorization request refused (" + loginPage.statusCode() + ") "
          + loginPage.headers().firstValue("Location").orElse("") + " " + abbreviate(loginPage.body()));
    }
    String action = loginFormAction(loginPage.body())
        .orElseThrow(() -> new IllegalStateException("no login form in " + abbreviate(loginPage.body())));

    // Keycloak sets its session cookies Secure even over http; java.net's CookieManager would not send them
    // back to an http URL, so they are carried by hand.
    HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create(action))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", cookies(loginPage))
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password, "credentialId", "")))));
    String location = signedIn.headers().firstValue("Location").orElse("");
    Map<String, String> callback = query(location);
    if (signedIn.statusCode() != 302 || !callback.containsKey("code")) {
      throw new IllegalStateException("sign-in of " + username + " failed (" + signedIn.statusCode() + ") "
          + location + " " + loginError(signedIn.body()));
    }
    if (!state.equals(callback.get("state"))) {
      throw new IllegalStateException("state mismatch in " + location);
    }

    Answer answer = token(Map.of(
        "grant_type", "authorization_code",
        "client_id", WARD_UI,
        "code", callback.get("code"),
        "redirect_uri", WARD_UI_REDIRECT,
        "code_verifier", verifier));
    return tokens(answer, "code exchange for " + username);
  }

  /**
   * Sends an authorization request to the ward-ui client as a browser would and returns Keycloak's answer
   * unchanged (no redirects followed): 200 with the login form when the request is acceptable.
   */
  public Answer authorize(Map<String, String> parameters) {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(authorizationEndpoint() + "?" + form(parameters))).GET());
    return new Answer(answer.statusCode(), answer.body(), answer.headers().firstValue("Location"));
  }

  /** POSTs a form to the token endpoint and returns the answer unchanged. */
  public Answer token(Map<String, String> formFields) {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(tokenEndpoint()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(formFields))));
    return new Answer(answer.statusCode(), answer.body(), answer.headers().firstValue("Location"));
  }

  // ---- systems ----

  /** A trust's access token via SMART Backend Services (client_credentials with a private_key_jwt assertion). */
  public Tokens trustToken(String clientId, String scope) {
    JWK key = trustKey(clientId);
    return tokens(clientCredentials(clientId, scope, clientAssertion(clientId, key, TRUST_ALGORITHMS.get(clientId))),
        "client_credentials for " + clientId);
  }

  /** The integrator's access token (client secret: dev only). */
  public Tokens integratorToken() {
    return tokens(token(Map.of(
        "grant_type", "client_credentials",
        "client_id", INTEGRATOR,
        "client_secret", INTEGRATOR_SECRET)), "client_credentials for " + INTEGRATOR);
  }

  /** The key pair registered (on first use) for a trust client: RS384 for trust-demo-acute, ES384 for trust-demo-general. */
  public JWK trustKey(String clientId) {
    JWSAlgorithm algorithm = TRUST_ALGORITHMS.get(clientId);
    if (algorithm == null) {
      throw new IllegalArgumentException("not a trust client of the shipped realm: " + clientId);
    }
    return trustKeys.computeIfAbsent(clientId, id -> {
      JWK key = generateKey(algorithm, id + "-test-" + UUID.randomUUID());
      registerJwks(id, new JWKSet(key.toPublicJWK()));
      return key;
    });
  }

  /** A fresh key pair that is registered nowhere. */
  public static JWK generateKey(JWSAlgorithm algorithm, String keyId) {
    try {
      if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
        return new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
      }
      if (JWSAlgorithm.ES384.equals(algorithm)) {
        return new ECKeyGenerator(Curve.P_384).keyID(keyId).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
      }
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalArgumentException("unsupported algorithm " + algorithm);
  }

  /** A SMART Backend Services client assertion: iss = sub = client id, aud = token endpoint, jti, iat, exp 55 s ahead. */
  public String clientAssertion(String clientId, JWK key, JWSAlgorithm algorithm) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(tokenEndpoint())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        // Keycloak refuses an assertion whose exp is much more than 60 s ahead (docs/identity.md).
        .expirationTime(Date.from(now.plusSeconds(55)))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    try {
      JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with " + algorithm, e);
    }
    return jwt.serialize();
  }

  /** client_credentials with a client assertion; the answer unchanged. */
  public Answer clientCredentials(String clientId, String scope, String assertion) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("grant_type", "client_credentials");
    if (scope != null) {
      fields.put("scope", scope);
    }
    fields.put("client_assertion_type", CLIENT_ASSERTION_TYPE);
    fields.put("client_assertion", assertion);
    return token(fields);
  }

  // ---- realm changes through the admin REST API ----

  /** Lets ward-ui sign in through a server on another port (browser tests use a random port). */
  public synchronized void allowWardUiOrigin(int serverPort) {
    String origin = "http://127.0.0.1:" + serverPort;
    updateClient(WARD_UI, client -> {
      addIfAbsent(array(client, "redirectUris"), origin + "/ward/", origin + "/ward/signed-in.html");
      addIfAbsent(array(client, "webOrigins"), origin);
      ObjectNode attributes = object(client, "attributes");
      List<String> logout = new ArrayList<>(List.of(attributes.path("post.logout.redirect.uris").asText("").split("##")));
      logout.removeIf(String::isBlank);
      for (String uri : List.of(origin + "/ward/", origin + "/ward/signed-in.html")) {
        if (!logout.contains(uri)) {
          logout.add(uri);
        }
      }
      attributes.put("post.logout.redirect.uris", String.join("##", logout));
    });
  }

  private static ArrayNode array(ObjectNode parent, String name) {
    return parent.get(name) instanceof ArrayNode array ? array : parent.putArray(name);
  }

  private static ObjectNode object(ObjectNode parent, String name) {
    return parent.get(name) instanceof ObjectNode object ? object : parent.putObject(name);
  }

  private static void addIfAbsent(ArrayNode array, String... values) {
    for (String value : values) {
      boolean present = false;
      for (JsonNode existing : array) {
        present |= existing.asText().equals(value);
      }
      if (!present) {
        array.add(value);
      }
    }
  }

  private void registerJwks(String clientId, JWKSet publicKeys) {
    updateClient(clientId, client -> {
      ObjectNode attributes = object(client, "attributes");
      attributes.put("use.jwks.url", "false");
      attributes.put("use.jwks.string", "true");
      attributes.put("jwks.string", publicKeys.toString(true));
    });
  }

  private synchronized void updateClient(String clientId, java.util.function.Consumer<ObjectNode> change) {
    String admin = adminToken();
    String clients = "http://127.0.0.1:" + port + "/admin/realms/" + REALM + "/clients";
    HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + encode(clientId)))
        .header("Authorization", "Bearer " + admin).GET());
    JsonNode list = readJson(found, "find client " + clientId);
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalStateException("no client " + clientId + " in realm " + REALM);
    }
    ObjectNode client = (ObjectNode) list.get(0);
    change.accept(client);
    HttpResponse<String> updated = send(HttpRequest.newBuilder(URI.create(clients + "/" + client.path("id").asText()))
        .header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(client.toString())));
    if (updated.statusCode() != 204) {
      throw new IllegalStateException("updating client " + clientId + " answered " + updated.statusCode() + " " + updated.body());
    }
  }

  /** A short-lived token of the bootstrap admin (master realm, admin-cli). */
  private String adminToken() {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/realms/master/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
            "grant_type", "password", "client_id", "admin-cli",
            "username", ADMIN_USERNAME, "password", ADMIN_PASSWORD)))));
    return readJson(answer, "admin token").path("access_token").asText();
  }

  // ---- reading tokens ----

  /** The claims of a token issued by this Keycloak, after checking its signature against the realm's JWKS. */
  public JWTClaimsSet verifiedClaims(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      HttpResponse<String> certs = send(HttpRequest.newBuilder(URI.create(jwksUri())).GET());
      JWK key = JWKSet.parse(certs.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
      if (key == null) {
        throw new AssertionError("token signed with unknown key " + jwt.getHeader().getKeyID());
      }
      JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
      if (!jwt.verify(verifier)) {
        throw new AssertionError("bad signature on token");
      }
      return jwt.getJWTClaimsSet();
    } catch (ParseException | JOSEException e) {
      throw new AssertionError("not a signed JWT: " + token, e);
    }
  }

  // ---- plumbing ----

  private Tokens tokens(Answer answer, String what) {
    if (answer.status() != 200) {
      throw new IllegalStateException(what + " answered " + answer.status() + " " + answer.body());
    }
    JsonNode json = answer.json();
    return new Tokens(json.path("access_token").asText(null), json.path("id_token").asText(null),
        json.path("refresh_token").asText(null), json);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak request failed (log " + log + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode readJson(HttpResponse<String> answer, String what) {
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(what + " answered " + answer.statusCode() + " " + answer.body());
    }
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new IllegalStateException(what + ": not JSON " + answer.body(), e);
    }
  }

  private static final Pattern FORM_TAG = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern FEEDBACK = Pattern.compile("id=\"input-error[^\"]*\"[^>]*>\\s*([^<]+)<|class=\"[^\"]*kc-feedback-text[^\"]*\"[^>]*>\\s*([^<]+)<");

  /** The action URL of Keycloak's login form, HTML-unescaped. */
  static Optional<String> loginFormAction(String page) {
    Matcher forms = FORM_TAG.matcher(page);
    String fallback = null;
    while (forms.find()) {
      Matcher action = ACTION.matcher(forms.group());
      if (action.find()) {
        if (forms.group().contains("kc-form-login")) {
          return Optional.of(htmlUnescape(action.group(1)));
        }
        fallback = fallback == null ? action.group(1) : fallback;
      }
    }
    return Optional.ofNullable(fallback).map(KeycloakServer::htmlUnescape);
  }

  private static String loginError(String page) {
    Matcher feedback = FEEDBACK.matcher(page);
    return feedback.find() ? htmlUnescape(Optional.ofNullable(feedback.group(1)).orElse(feedback.group(2)).trim()) : abbreviate(page);
  }

  static String htmlUnescape(String text) {
    Matcher entity = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(text);
    StringBuilder out = new StringBuilder();
    while (entity.find()) {
      String name = entity.group(1);
      String replacement = switch (name) {
        case "amp" -> "&";
        case "lt" -> "<";
        case "gt" -> ">";
        case "quot" -> "\"";
        case "apos" -> "'";
        default -> new String(Character.toChars(name.startsWith("#x")
            ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1))));
      };
      entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    entity.appendTail(out);
    return out.toString();
  }

  private static String cookies(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .map(cookie -> cookie.split(";", 2)[0].trim())
        .filter(pair -> pair.contains("=") && !pair.endsWith("="))
        .collect(Collectors.joining("; "));
  }

  /** The query parameters of a URL (the first value of each). */
  public static Map<String, String> query(String url) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int start = url.indexOf('?');
    if (start < 0) {
      return parameters;
    }
    String query = url.substring(start + 1);
    int fragment = query.indexOf('#');
    if (fragment >= 0) {
      query = query.substring(0, fragment);
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] parts = pair.split("=", 2);
      parameters.putIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
    }
    return parameters;
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** PKCE S256 challenge of a verifier. */
  public static String s256(String verifier) {
    try {
      return base64Url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String abbreviate(String text) {
    String flat = text == null ? "" : text.replaceAll("\\s+", " ");
    return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
  }
}
