package org.parity.subscriptions;

import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.SubscriptionWebsocketHandler;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.WebsocketConnectionValidator;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
// HAPI keeps the channel types in the hl7org DSTU2 model for every FHIR version.
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.parity.security.SecurityProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.PerConnectionWebSocketHandler;

/**
 * HAPI's R4 Subscriptions with the rest-hook and websocket channels: the submitter (a change is stored with the
 * resource, in its transaction), the processor (matching, mostly in memory, and delivery) and the websocket endpoint
 * where a client sends {@code bind Subscription/[id]} and then receives {@code ping [id]}. HAPI's own
 * websocket configuration allows any origin and no sign-in; this one allows the server's own origin (and those
 * configured) and checks the access token on the handshake ({@link WebsocketHandshake}).
 */
@Configuration
@ConditionalOnProperty(name = "parity.subscriptions.enabled", havingValue = "true", matchIfMissing = true)
@Import({SubscriptionSubmitterConfig.class, SubscriptionProcessorConfig.class})
@EnableWebSocket
public class SubscriptionsConfig implements WebSocketConfigurer {

  private final SubscriptionSettings settings;
  private final SecurityProperties security;

  public SubscriptionsConfig(SubscriptionSettings settings, SecurityProperties security) {
    this.settings = settings;
    this.security = security;
  }

  @Bean
  public ca.uhn.fhir.jpa.model.config.SubscriptionSettings hapiSubscriptionSettings() {
    var hapi = new ca.uhn.fhir.jpa.model.config.SubscriptionSettings();
    hapi.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
    hapi.addSupportedSubscriptionType(SubscriptionChannelType.WEBSOCKET);
    hapi.setWebsocketContextPath(settings.websocketPath());
    hapi.setSubscriptionIntervalInMs(settings.submissionInterval().toMillis());
    // Endpoints are checked by SubscriptionGuard against the operator's list, as parsed URLs.
    hapi.setRestHookEndpointUrlValidationRegex(null);
    return hapi;
  }

  /** HAPI's delivery wiring needs a mail sender; the email channel is not offered here, so it never sends. */
  @Bean
  public ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender noEmail() {
    return details -> {
      throw new IllegalStateException("Email Subscriptions are not offered by Parity");
    };
  }

  @Bean
  public WebsocketConnectionValidator websocketConnectionValidator() {
    return new WebsocketConnectionValidator();
  }

  /** One HAPI handler per connection: it remembers which Subscription the connection bound. */
  @Bean
  public PerConnectionWebSocketHandler subscriptionWebsocketHandler() {
    return new PerConnectionWebSocketHandler(SubscriptionWebsocketHandler.class);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(new SerialisedSends(subscriptionWebsocketHandler()), settings.websocketPath())
        .addInterceptors(new WebsocketHandshake(security))
        .setAllowedOrigins(settings.allowedOrigins().toArray(String[]::new));
  }
}
