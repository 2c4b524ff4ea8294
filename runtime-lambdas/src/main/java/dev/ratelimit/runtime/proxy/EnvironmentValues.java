package dev.ratelimit.runtime.proxy;

import java.util.Map;

/**
 * Reading a Lambda's configuration from its environment, shared by the proxy and the orchestrator:
 * a bad value fails the function at init with the variable, the value, the rule and an example.
 */
public final class EnvironmentValues {
  private EnvironmentValues() {}

  /** The trimmed value, or {@code dflt} when unset or blank. */
  public static String value(Map<String, String> env, String name, String dflt) {
    String v = env.get(name);
    return v == null || v.isBlank() ? dflt : v.strip();
  }

  public static int intValue(Map<String, String> env, String name, int dflt, int min, int max) {
    String v = value(env, name, null);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, v, "a whole number in [" + min + ", " + max + "]", String.valueOf(dflt));
  }

  public static boolean booleanValue(Map<String, String> env, String name, boolean dflt) {
    String v = value(env, name, String.valueOf(dflt));
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw invalid(name, v, "true or false", String.valueOf(dflt));
  }

  public static IllegalStateException invalid(
      String name, String value, String rule, String example) {
    return new IllegalStateException(
        name
            + " is '"
            + (value == null ? "" : value)
            + "' but must be "
            + rule
            + ", e.g. "
            + example);
  }
}
