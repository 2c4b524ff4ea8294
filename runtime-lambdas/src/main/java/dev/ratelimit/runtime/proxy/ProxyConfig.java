package dev.ratelimit.runtime.proxy;

import static dev.ratelimit.runtime.contract.EnvironmentNames.API_KEY_HEADER;
import static dev.ratelimit.runtime.contract.EnvironmentNames.API_KEY_SECRET_ARN;
import static dev.ratelimit.runtime.contract.EnvironmentNames.BACKOFF_INITIAL_DELAY_SECONDS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.BACKOFF_JITTER;
import static dev.ratelimit.runtime.contract.EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.BACKOFF_MULTIPLIER;
import static dev.ratelimit.runtime.contract.EnvironmentNames.DEADLINE_SECONDS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.FORWARD_COOKIES;
import static dev.ratelimit.runtime.contract.EnvironmentNames.FORWARD_HEADERS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.HONOR_RETRY_AFTER;
import static dev.ratelimit.runtime.contract.EnvironmentNames.MAX_RESPONSE_BYTES;
import static dev.ratelimit.runtime.contract.EnvironmentNames.MAX_RETRY_AFTER_SECONDS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.REQUEST_TIMEOUT_SECONDS;
import static dev.ratelimit.runtime.contract.EnvironmentNames.RETRY_ON;
import static dev.ratelimit.runtime.contract.EnvironmentNames.SUCCESS_ON;
import static dev.ratelimit.runtime.contract.EnvironmentNames.TARGET_URL;

import dev.ratelimit.runtime.contract.HeaderRules;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The proxy's configuration. It comes only from the function's environment (written by the
 * generated template; the names are in the contract's {@code EnvironmentNames}), never from the
 * payload, so a caller cannot point the gateway elsewhere. Its static readers ({@link #value},
 * {@link #intValue}, {@link #booleanValue}, {@link #invalid}) serve the orchestrator's
 * configuration too: a bad value fails the function at init with the variable, the value, the rule
 * and an example. (Here, not in a class of their own: every class costs the proxy jar its constant
 * pool and zip entry.)
 */
public final class ProxyConfig {
  public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 200_000;
  public static final String DEFAULT_SUCCESS_ON = "200-299";
  public static final String DEFAULT_RETRY_ON = "429,500,502,503,504";

  /** Smallest cap that still leaves room for a ResponseTooLarge result with its cause. */
  public static final int MIN_MAX_RESPONSE_BYTES = 1024;

  /** Lambda's synchronous response limit (6 MB). */
  public static final int MAX_MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

  /** Lambda's longest function timeout. */
  public static final int MAX_REQUEST_TIMEOUT_SECONDS = 900;

  /**
   * Longest wait, in seconds, a hand-set backoff or {@code Retry-After} cap may ask for: the
   * plugin's own limit for {@code backoff.*} and {@code maxRetryAfterSeconds}, far below where the
   * wait maths overflow.
   */
  public static final int MAX_WAIT_SECONDS = 3600;

  /** Largest backoff multiplier (the plugin's limit too). */
  public static final double MAX_BACKOFF_MULTIPLIER = 10.0;

  private final URI target;
  private final String targetUrl;
  private final int requestTimeoutSeconds;
  private final int maxResponseBytes;
  private final StatusSet successOn;
  private final StatusSet retryOn;
  private final Backoff backoff;
  private final boolean honorRetryAfter;
  private final int maxRetryAfterSeconds;
  private final Set<String> forwardHeaders;
  private final int deadlineSeconds;
  private final boolean forwardCookies;
  private final String apiKeySecretArn;
  private final String apiKeyHeader;

  private ProxyConfig(Map<String, String> env) {
    String url = env.get(TARGET_URL);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          TARGET_URL
              + " is not set; it must be the vendor API's absolute base"
              + " URL, e.g. https://api.example.com/v2");
    }
    url = url.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    this.targetUrl = url;
    this.target = parseTarget(url);
    this.requestTimeoutSeconds =
        intValue(
            env,
            REQUEST_TIMEOUT_SECONDS,
            DEFAULT_REQUEST_TIMEOUT_SECONDS,
            1,
            MAX_REQUEST_TIMEOUT_SECONDS);
    this.maxResponseBytes =
        intValue(
            env,
            MAX_RESPONSE_BYTES,
            DEFAULT_MAX_RESPONSE_BYTES,
            MIN_MAX_RESPONSE_BYTES,
            MAX_MAX_RESPONSE_BYTES);
    this.successOn = statusSet(env, SUCCESS_ON, DEFAULT_SUCCESS_ON);
    this.retryOn = statusSet(env, RETRY_ON, DEFAULT_RETRY_ON);
    int initial = intValue(env, BACKOFF_INITIAL_DELAY_SECONDS, 1, 0, MAX_WAIT_SECONDS);
    double multiplier = doubleValue(env, BACKOFF_MULTIPLIER, 2.0);
    int max = intValue(env, BACKOFF_MAX_DELAY_SECONDS, 30, 0, MAX_WAIT_SECONDS);
    String jitter = value(env, BACKOFF_JITTER, "FULL").toUpperCase(Locale.ROOT);
    if (!jitter.equals("FULL") && !jitter.equals("NONE")) {
      throw invalid(BACKOFF_JITTER, jitter, "FULL or NONE", "FULL");
    }
    this.backoff = new Backoff(initial, multiplier, max, jitter.equals("FULL"));
    this.honorRetryAfter = booleanValue(env, HONOR_RETRY_AFTER, true);
    this.maxRetryAfterSeconds = intValue(env, MAX_RETRY_AFTER_SECONDS, 60, 0, MAX_WAIT_SECONDS);
    String forward = env.get(FORWARD_HEADERS); // set but empty means: forward none
    Set<String> names = new LinkedHashSet<>();
    for (String name :
        forward == null ? HeaderRules.DEFAULT_FORWARD : Arrays.asList(forward.split(","))) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      if (!n.isEmpty() && !n.equals(HttpRules.IDEMPOTENCY_KEY)) {
        String violation = HeaderRules.forwardHeaderViolation(n);
        if (violation != null || !HttpRules.isToken(n)) {
          throw invalid(
              FORWARD_HEADERS,
              forward,
              "header names a caller may send, without '"
                  .concat(n)
                  .concat("' (")
                  .concat(violation != null ? violation : "not a header name")
                  .concat(")"),
              String.join(",", HeaderRules.DEFAULT_FORWARD));
        }
      }
      if (!n.isEmpty()) {
        names.add(n);
      }
    }
    this.forwardHeaders = Collections.unmodifiableSet(names);
    this.deadlineSeconds =
        intValue(
            env, DEADLINE_SECONDS, Deadline.EXPRESS_MAX_SECONDS, 1, Deadline.STANDARD_MAX_SECONDS);
    this.forwardCookies = booleanValue(env, FORWARD_COOKIES, false);
    this.apiKeySecretArn = value(env, API_KEY_SECRET_ARN, null);
    String header = value(env, API_KEY_HEADER, null);
    if ((apiKeySecretArn == null) != (header == null)) {
      throw new IllegalStateException(
          API_KEY_SECRET_ARN
              + " and "
              + API_KEY_HEADER
              + " must be set together"
              + " (or neither), but only "
              + (header == null ? API_KEY_SECRET_ARN : API_KEY_HEADER)
              + " is set; e.g. "
              + API_KEY_SECRET_ARN
              + "=arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor-key-AbCdEf and "
              + API_KEY_HEADER
              + "=x-api-key");
    }
    if (apiKeySecretArn != null
        && !(apiKeySecretArn.startsWith("arn:")
            && apiKeySecretArn.contains(":secretsmanager:")
            && apiKeySecretArn.contains(":secret:"))) {
      throw invalid(
          API_KEY_SECRET_ARN,
          apiKeySecretArn,
          "the ARN of a Secrets Manager secret",
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor-key-AbCdEf");
    }
    if (header != null) {
      header = header.toLowerCase(Locale.ROOT);
      if (!HttpRules.isToken(header)) {
        throw invalid(
            API_KEY_HEADER,
            header,
            "an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)",
            "x-api-key");
      }
      String violation = HeaderRules.apiKeyHeaderViolation(header);
      if (violation != null) {
        throw invalid(
            API_KEY_HEADER, header, "a header the proxy may set (" + violation + ")", "x-api-key");
      }
    }
    this.apiKeyHeader = header;
  }

  /**
   * Reads the configuration from an environment map ({@code System.getenv()} in Lambda).
   *
   * @throws IllegalStateException naming the variable when one is missing or invalid, so that the
   *     function fails at init with a readable message rather than misbehaving per request
   */
  public static ProxyConfig fromEnvironment(Map<String, String> env) {
    return new ProxyConfig(env);
  }

  private static URI parseTarget(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw invalid(TARGET_URL, url, "an absolute http(s) URL", "https://api.example.com/v2");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http"))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw invalid(
          TARGET_URL,
          url,
          "an absolute http(s) URL with a host and no user info, query or fragment",
          "https://api.example.com/v2");
    }
    return uri;
  }

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

  private static double doubleValue(Map<String, String> env, String name, double dflt) {
    String v = value(env, name, null);
    if (v == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v);
      if (d >= 1.0 && d <= MAX_BACKOFF_MULTIPLIER) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, v, "a number from 1.0 to " + MAX_BACKOFF_MULTIPLIER, String.valueOf(dflt));
  }

  private static StatusSet statusSet(Map<String, String> env, String name, String dflt) {
    String v = value(env, name, dflt);
    try {
      return StatusSet.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
  }

  /** The parsed base URL (trailing {@code /} removed). */
  URI target() {
    return target;
  }

  /** The base URL with its trailing {@code /} removed. */
  public String targetUrl() {
    return targetUrl;
  }

  public int requestTimeoutSeconds() {
    return requestTimeoutSeconds;
  }

  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  public StatusSet successOn() {
    return successOn;
  }

  public StatusSet retryOn() {
    return retryOn;
  }

  public Backoff backoff() {
    return backoff;
  }

  public boolean honorRetryAfter() {
    return honorRetryAfter;
  }

  public int maxRetryAfterSeconds() {
    return maxRetryAfterSeconds;
  }

  /** Lower-case header names callers may send upstream (restricted ones are still dropped). */
  public Set<String> forwardHeaders() {
    return forwardHeaders;
  }

  /** Seconds from the execution's start to its deadline, before a caller shortens it. */
  public int deadlineSeconds() {
    return deadlineSeconds;
  }

  /**
   * Whether cookies travel: the caller's {@code cookie} upstream, the vendor's {@code Set-Cookie}
   * back.
   */
  public boolean forwardCookies() {
    return forwardCookies;
  }

  /** The secret holding the vendor's API key, or null when no key is configured. */
  public String apiKeySecretArn() {
    return apiKeySecretArn;
  }

  /** Lower-case name of the header carrying the API key, or null when no key is configured. */
  public String apiKeyHeader() {
    return apiKeyHeader;
  }
}
