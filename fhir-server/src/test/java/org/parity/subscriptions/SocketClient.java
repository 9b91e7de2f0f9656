package org.parity.subscriptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real websocket client (java.net.http) that keeps every text message and the close, for tests. */
final class SocketClient implements WebSocket.Listener, AutoCloseable {

  final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  static SocketClient connect(String url) {
    SocketClient client = new SocketClient();
    client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(url), client).join();
    return client;
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The next message within the time, or null. */
  String next(Duration within) throws InterruptedException {
    return messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for a message equal to {@code expected}, skipping others; false when the time runs out. */
  boolean await(String expected, Duration within) throws InterruptedException {
    Instant until = Instant.now().plus(within);
    while (Instant.now().isBefore(until)) {
      String message = next(Duration.between(Instant.now(), until));
      if (expected.equals(message)) {
        return true;
      }
      if (message != null && message.startsWith("closed")) {
        return false;
      }
    }
    return false;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(partial.toString());
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    messages.add("closed " + statusCode + " " + reason);
    return null;
  }

  @Override
  public void close() {
    if (socket != null && !socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    if (socket != null) {
      socket.abort();
    }
  }
}
