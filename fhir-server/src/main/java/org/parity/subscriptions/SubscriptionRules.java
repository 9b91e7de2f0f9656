package org.parity.subscriptions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who may subscribe to what (docs/features/subscriptions.md, "Security"). A Subscription is a standing read, so
 * its criteria must be on a resource type the subscriber may read. Ward staff get websocket pings only ("ping x",
 * no content) on criteria that name no patient, because everyone on the ward shares them; systems get rest-hooks,
 * but only to endpoints the operator listed. Pure: no HAPI types.
 */
public final class SubscriptionRules {

  /** Search parameters a shared ward Subscription may filter on: none of them can name a patient. */
  static final Set<String> STAFF_PARAMETERS = Set.of("code", "status", "category");

  public enum Subscriber { WARD_STAFF, SYSTEM, LOCAL_DEVELOPMENT }

  /** What a Subscription asks for. {@code end} may be null. */
  public record Requested(String criteria, String channelType, String payload, String endpoint, boolean headers,
      Instant end) {}

  /** A reason to refuse: {@code forbidden} answers 403 (not this caller), otherwise 422 (not this request). */
  public record Problem(boolean forbidden, String expression, String message) {}

  private SubscriptionRules() {}

  public static List<Problem> check(Requested s, Subscriber who, Predicate<String> mayRead, Instant now,
      Duration staffLifetime, List<String> restHookEndpoints) {
    List<Problem> problems = new ArrayList<>();
    String type = criteriaType(s.criteria());
    if (type.isEmpty()) {
      problems.add(new Problem(false, "Subscription.criteria", "criteria must be a search such as "
          + "'Flag?code=https://parity-epr.org/fhir/CodeSystem/deadline|deadline-overdue'"));
    } else if (who != Subscriber.LOCAL_DEVELOPMENT && !mayRead.test(type)) {
      problems.add(new Problem(true, "Subscription.criteria", "you may not read " + type
          + ", so you may not subscribe to it: a Subscription is a standing read"));
    }
    String channel = s.channelType() == null ? "" : s.channelType();
    if (!channel.equals("websocket") && !channel.equals("rest-hook")) {
      problems.add(new Problem(false, "Subscription.channel.type",
          "channel type '" + channel + "' is not offered here: use websocket or rest-hook"));
    }
    if (who == Subscriber.WARD_STAFF) {
      if (channel.equals("rest-hook")) {
        problems.add(new Problem(true, "Subscription.channel.type", "ward staff may subscribe with websocket only; "
            + "rest-hooks deliver records to another system and are for system clients"));
      }
      if (s.payload() != null && !s.payload().isBlank()) {
        problems.add(new Problem(false, "Subscription.channel.payload", "a ward Subscription carries no content "
            + "(leave payload out): the ping only says that something changed, the board then reads what it may"));
      }
      for (String name : parameterNames(s.criteria())) {
        if (!STAFF_PARAMETERS.contains(name)) {
          problems.add(new Problem(false, "Subscription.criteria", "a ward Subscription is shared by everyone who "
              + "binds to it, so it may filter only on " + String.join(", ", STAFF_PARAMETERS.stream().sorted().toList())
              + ", not '" + name + "'"));
        }
      }
      if (s.end() == null) {
        problems.add(new Problem(false, "Subscription.end", "a ward Subscription needs an end (at most "
            + staffLifetime + " ahead) so that one left behind by a closed tablet expires"));
      } else if (s.end().isAfter(now.plus(staffLifetime))) {
        problems.add(new Problem(false, "Subscription.end", "end may be at most " + staffLifetime + " ahead"));
      }
    }
    if (channel.equals("rest-hook")) {
      Endpoints.refusal(s.endpoint(), restHookEndpoints)
          .ifPresent(why -> problems.add(new Problem(false, "Subscription.channel.endpoint", why)));
    }
    return problems;
  }

  /** The resource type of a criteria ({@code Flag} of {@code Flag?code=x}); empty when it is not a type search. */
  static String criteriaType(String criteria) {
    if (criteria == null) {
      return "";
    }
    String type = criteria.contains("?") ? criteria.substring(0, criteria.indexOf('?')) : criteria;
    return type.matches("[A-Z][A-Za-z]+") ? type : "";
  }

  /** Parameter names without modifiers; a chain ({@code subject.name}) stays whole and so never matches. */
  static List<String> parameterNames(String criteria) {
    List<String> names = new ArrayList<>();
    if (criteria == null || !criteria.contains("?")) {
      return names;
    }
    for (String pair : criteria.substring(criteria.indexOf('?') + 1).split("&")) {
      if (pair.isBlank()) {
        continue;
      }
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      names.add(name.contains(":") ? name.substring(0, name.indexOf(':')) : name);
    }
    return names;
  }
}
