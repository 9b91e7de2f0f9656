package org.parity.subscriptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * HAPI delivers a Subscription's notifications on several threads at once, and a Tomcat websocket session refuses a
 * send while another is under way ("TEXT_PARTIAL_WRITING"): the ping was lost. Each connection's session is wrapped
 * so that sends queue up (bounded: a client that stops reading is disconnected, not buffered for ever).
 */
final class SerialisedSends extends WebSocketHandlerDecorator {

  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int BUFFER_LIMIT_BYTES = 64 * 1024;

  private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

  SerialisedSends(WebSocketHandler delegate) {
    super(delegate);
  }

  private WebSocketSession serialised(WebSocketSession session) {
    return sessions.computeIfAbsent(session.getId(),
        id -> new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES));
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    super.afterConnectionEstablished(serialised(session));
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
    super.handleMessage(serialised(session), message);
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
    super.handleTransportError(serialised(session), exception);
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
    WebSocketSession serialised = sessions.remove(session.getId());
    super.afterConnectionClosed(serialised == null ? session : serialised, closeStatus);
  }
}
