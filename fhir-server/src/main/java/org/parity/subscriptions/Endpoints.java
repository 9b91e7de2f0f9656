package org.parity.subscriptions;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a rest-hook endpoint is one the operator allowed. Compared as parsed URLs (scheme, host, port, path
 * prefix at a segment boundary), never as strings: {@code http://127.0.0.1:80@evil.example/} starts with an allowed
 * text but goes elsewhere. Pure.
 */
public final class Endpoints {

  private Endpoints() {}

  /** Empty when allowed; otherwise why not, in words for an OperationOutcome. */
  public static Optional<String> refusal(String endpoint, List<String> allowList) {
    Optional<URI> url = parse(endpoint);
    if (url.isEmpty()) {
      return Optional.of("'" + endpoint + "' is not an absolute http(s) URL without user information or fragment");
    }
    URI target = url.get();
    if (!"https".equals(target.getScheme()) && !loopback(target.getHost())) {
      return Optional.of("rest-hook endpoints must use https (plain http only on this machine's loopback)");
    }
    for (String entry : allowList) {
      // 'http://127.0.0.1:*' allows any port of that host (a test's or an engine's ephemeral port).
      boolean anyPort = entry.trim().matches("[a-z]+://[^/]+:\\*(/.*)?");
      Optional<URI> allowed = parse(anyPort ? entry.trim().replaceFirst(":\\*", "") : entry.trim());
      if (allowed.isPresent() && matches(target, allowed.get(), anyPort)) {
        return Optional.empty();
      }
    }
    return Optional.of("'" + endpoint + "' is not on this server's list of allowed rest-hook endpoints "
        + "(parity.subscriptions.rest-hook-endpoints): records are sent only where the operator agreed");
  }

  private static boolean matches(URI target, URI allowed, boolean anyPort) {
    if (!target.getScheme().equals(allowed.getScheme()) || !target.getHost().equals(allowed.getHost())
        || !anyPort && port(target) != port(allowed)) {
      return false;
    }
    String prefix = allowed.getRawPath() == null ? "" : allowed.getRawPath();
    String path = target.getRawPath() == null ? "" : target.getRawPath();
    if (prefix.isEmpty() || prefix.equals("/")) {
      return true;
    }
    // '/hooks' allows '/hooks' and '/hooks/x', not '/hooks-evil'.
    return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
  }

  private static Optional<URI> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
        return Optional.empty();
      }
      return Optional.of(new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(),
          uri.getPath(), uri.getQuery(), null));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  /** Literal loopback names only: a DNS name is not looked up, so it cannot be pointed elsewhere later. */
  static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
