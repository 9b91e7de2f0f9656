package org.parity.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMART on FHIR resource scopes in a token ({@code scope} claim), v2 syntax ({@code user/Observation.cruds})
 * and v1 ({@code user/Observation.read}). Pure: no framework types. Scopes with query parameters
 * ({@code ?category=...}) are not granted, because Parity does not enforce them yet.
 */
public final class SmartScopes {

  /** The SMART context a scope applies in. */
  public enum Context { PATIENT, USER, SYSTEM }

  /** One SMART v2 permission letter. */
  public enum Permission {
    CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

    final char letter;

    Permission(char letter) {
      this.letter = letter;
    }
  }

  record Grant(Context context, String resourceType, Set<Permission> permissions) {}

  // SMART App Launch 2.0 "Scopes for requesting clinical data": context/type.permissions, letters in cruds order.
  private static final Pattern SCOPE = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.([a-z*]+)");
  private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");

  private final List<Grant> grants;
  private final String raw;

  private SmartScopes(List<Grant> grants, String raw) {
    this.grants = grants;
    this.raw = raw;
  }

  /** Parses a space-separated scope string; scopes that are not SMART resource scopes are kept only in {@link #raw()}. */
  public static SmartScopes parse(String scopeClaim) {
    List<Grant> grants = new ArrayList<>();
    String raw = scopeClaim == null ? "" : scopeClaim.trim();
    for (String scope : raw.split("\\s+")) {
      Matcher matcher = SCOPE.matcher(scope);
      if (!matcher.matches()) {
        continue;
      }
      Set<Permission> permissions = permissions(matcher.group(3));
      if (!permissions.isEmpty()) {
        grants.add(new Grant(Context.valueOf(matcher.group(1).toUpperCase(Locale.ROOT)), matcher.group(2), permissions));
      }
    }
    return new SmartScopes(List.copyOf(grants), raw);
  }

  private static Set<Permission> permissions(String text) {
    // SMART v1 names, still sent by older clients.
    switch (text) {
      case "read":
        return EnumSet.of(Permission.READ, Permission.SEARCH);
      case "write":
        return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
      case "*":
        return EnumSet.allOf(Permission.class);
      default:
        break;
    }
    if (text.isEmpty() || !V2_PERMISSIONS.matcher(text).matches()) {
      return EnumSet.noneOf(Permission.class);
    }
    EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (Permission permission : Permission.values()) {
      if (text.indexOf(permission.letter) >= 0) {
        permissions.add(permission);
      }
    }
    return permissions;
  }

  /** Whether some scope in the given context grants this permission on this resource type. */
  public boolean permits(Context context, String resourceType, Permission permission) {
    for (Grant grant : grants) {
      if (grant.context() == context
          && (grant.resourceType().equals("*") || grant.resourceType().equals(resourceType))
          && grant.permissions().contains(permission)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any scope in this context names this type (or {@code *}) at all. */
  public boolean mentions(Context context) {
    return grants.stream().anyMatch(grant -> grant.context() == context);
  }

  /** The scope claim as the token carried it. */
  public String raw() {
    return raw;
  }

  @Override
  public String toString() {
    return raw;
  }
}
