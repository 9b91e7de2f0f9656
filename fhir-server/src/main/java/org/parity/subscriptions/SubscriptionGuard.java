package org.parity.subscriptions;

import static org.parity.security.SmartScopes.Permission.READ;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Subscription;
import org.parity.fhir.StorageInterceptor;
import org.parity.security.AccessMatrix;
import org.parity.security.Caller;
import org.parity.security.RequestAccess;
import org.parity.security.Role;
import org.parity.security.SecurityProperties;
import org.parity.subscriptions.SubscriptionRules.Problem;
import org.parity.subscriptions.SubscriptionRules.Subscriber;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Applies {@link SubscriptionRules} to every Subscription a client writes, records who owns it (a meta tag the
 * server sets), lets only its owner change it, and hides other clients' rest-hooks (their endpoints and headers)
 * from reads and searches. The server's own writes (HAPI activating a Subscription, the expiry sweep) pass.
 */
@Component
@ConditionalOnProperty(name = "parity.subscriptions.enabled", havingValue = "true", matchIfMissing = true)
public class SubscriptionGuard implements StorageInterceptor {

  public static final String OWNER = "https://parity-epr.org/fhir/CodeSystem/subscription-owner";
  /** The owner of Subscriptions created by ward staff: the ward UI's shared pings. */
  static final String WARD = "ward-staff";

  private final SubscriptionSettings settings;
  private final SecurityProperties security;
  private final Clock clock;

  public SubscriptionGuard(SubscriptionSettings settings, SecurityProperties security, Clock clock) {
    this.settings = settings;
    this.security = security;
    this.clock = clock;
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
  public void created(IBaseResource resource, RequestDetails request) {
    if (resource instanceof Subscription subscription && fromClient(request)) {
      Caller caller = RequestAccess.of(request).caller();
      check(subscription, caller);
      own(subscription, owner(caller));
    }
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -100)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    if (resource instanceof Subscription subscription && fromClient(request)) {
      Caller caller = RequestAccess.of(request).caller();
      String owner = owner(caller);
      if (caller.authenticated() && previous instanceof Subscription before && !owner.equals(ownerOf(before))) {
        throw forbidden("Subscription", "only the client that created this Subscription may change it");
      }
      check(subscription, caller);
      own(subscription, owner);
    }
  }

  /** Other clients' Subscriptions are left out of reads and searches: a rest-hook names an endpoint and headers. */
  @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
  public void shown(IPreResourceShowDetails details, RequestDetails request) {
    if (!fromClient(request)) {
      return;
    }
    Caller caller = RequestAccess.of(request).caller();
    if (!caller.authenticated()) {
      return;
    }
    String owner = owner(caller);
    for (int i = 0; i < details.size(); i++) {
      if (details.getResource(i) instanceof Subscription subscription && !owner.equals(ownerOf(subscription))) {
        details.setResource(i, null);
      }
    }
  }

  private void check(Subscription subscription, Caller caller) {
    Subscriber who = subscriber(caller);
    Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
    var requested = new SubscriptionRules.Requested(subscription.getCriteria(),
        channel.hasType() ? channel.getType().toCode() : null, channel.getPayload(), channel.getEndpoint(),
        channel.hasHeader(), subscription.hasEnd() ? subscription.getEnd().toInstant() : null);
    List<Problem> problems = SubscriptionRules.check(requested, who,
        type -> AccessMatrix.permits(caller, type, READ) && security.trustClientReads(caller, type),
        clock.instant(), settings.staffLifetime(), settings.restHookEndpoints());
    if (problems.isEmpty()) {
      return;
    }
    OperationOutcome outcome = new OperationOutcome();
    boolean forbidden = problems.stream().anyMatch(Problem::forbidden);
    for (Problem problem : problems) {
      outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(problem.forbidden() ? OperationOutcome.IssueType.FORBIDDEN : OperationOutcome.IssueType.BUSINESSRULE)
          .setDiagnostics(problem.message()).addExpression(problem.expression());
    }
    String first = problems.stream().filter(p -> p.forbidden() == forbidden).findFirst().orElseThrow().message();
    throw forbidden ? new ForbiddenOperationException(first, outcome) : new UnprocessableEntityException(first, outcome);
  }

  private static Subscriber subscriber(Caller caller) {
    if (!caller.authenticated()) {
      return Subscriber.LOCAL_DEVELOPMENT;
    }
    if (caller.wardStaff()) {
      return Subscriber.WARD_STAFF;
    }
    if (caller.has(Role.TRUST_SYSTEM) || caller.has(Role.INTEGRATOR)) {
      return Subscriber.SYSTEM;
    }
    throw forbidden("Subscription", "Subscriptions are for ward staff (websocket) and system clients (rest-hook)");
  }

  /** Ward staff share the ward UI's Subscriptions; each system client owns its own. */
  static String owner(Caller caller) {
    if (!caller.authenticated()) {
      return "local";
    }
    return caller.wardStaff() ? WARD : "client:" + caller.clientId();
  }

  static String ownerOf(Subscription subscription) {
    return subscription.getMeta().getTag().stream().filter(tag -> OWNER.equals(tag.getSystem()))
        .map(Coding::getCode).findFirst().orElse("");
  }

  private static void own(Subscription subscription, String owner) {
    subscription.getMeta().getTag().removeIf(tag -> OWNER.equals(tag.getSystem()));
    subscription.getMeta().addTag(OWNER, owner, null);
  }

  private static boolean fromClient(RequestDetails request) {
    return request != null && !(request instanceof SystemRequestDetails);
  }

  private static ForbiddenOperationException forbidden(String expression, String message) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.FORBIDDEN)
        .setDiagnostics(message).addExpression(expression);
    return new ForbiddenOperationException(message, outcome);
  }
}
