package dev.ratelimit.runtime.proxy;

import dev.ratelimit.runtime.contract.HeaderRules;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header and content rules shared by the proxy and the orchestrator (paths: {@link PathRules}).
 * Plain Java, no dependencies: it ships in both deployment jars.
 */
public final class HttpRules {

  /**
   * Set by the proxy on a result whose body or headers had the vendor key cut out ({@code body},
   * {@code headers} or both); the orchestrator passes it on to the caller.
   */
  public static final String REDACTED_HEADER = "x-ratelimit-redacted";

  /**
   * The methods the gateway forwards: those an API needs. Others ({@code TRACE}, which echoes the
   * request with the vendor key in it, {@code CONNECT}, WebDAV's) get 405 at the orchestrator and
   * are refused by the proxy too.
   */
  public static final Set<String> FORWARDED_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Always passed on (SPEC), so the vendor can deduplicate the gateway's retries. */
  public static final String IDEMPOTENCY_KEY = "idempotency-key";

  private HttpRules() {}

  /**
   * Whether a caller header (lower-case name) goes upstream: listed (or {@code idempotency-key}),
   * and not one {@link HeaderRules#isNeverForwarded} names (hop-by-hop, {@code host}, {@code
   * authorization}, {@code forwarded}, {@code proxy-*}, {@code x-amz-*}, {@code x-amzn-*}, {@code
   * x-forwarded-*}, ...).
   */
  public static boolean isForwardable(String name, Set<String> allowlist) {
    if (name.equals(IDEMPOTENCY_KEY)) {
      return true;
    }
    return allowlist.contains(name) && !HeaderRules.isNeverForwarded(name);
  }

  /** Whether {@code s} is an HTTP token (a method or header name): not empty, token characters. */
  public static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * Whether {@code s} is one or more ASCII digits. (Loops, not streams or regular expressions: no
   * lambda or pattern to link at a cold start, and fewer bytes in the proxy jar.)
   */
  public static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * Whether a body's bytes are as sent: not compressed or otherwise coded, and in no charset but
   * UTF-8 or US-ASCII (a null content type declares none). Only such a body can be searched for the
   * vendor key.
   */
  public static boolean isReadable(String contentType, String contentEncoding) {
    if (contentEncoding != null
        && !contentEncoding.isBlank()
        && !contentEncoding.strip().equalsIgnoreCase("identity")) {
      return false;
    }
    String[] parts = contentType == null ? new String[0] : contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=")) {
        String cs = p.substring(8).replace("\"", "").strip();
        if (!cs.equals("utf-8") && !cs.equals("utf8") && !cs.equals("us-ascii")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether the body travels as text; anything else (or text not in UTF-8) goes base64, byte-exact.
   */
  public static boolean isText(String contentType, String contentEncoding) {
    // Not UTF-8: re-encoding would change the bytes the caller gets; keep them exact.
    if (contentType == null || !isReadable(contentType, contentEncoding)) {
      return false;
    }
    String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.endsWith("/json")
        || type.endsWith("+json")
        || type.endsWith("/xml")
        || type.endsWith("+xml")
        || type.equals("application/x-www-form-urlencoded")
        || type.equals("application/javascript");
  }

  // ---- the vendor's headers a caller gets with a final failure (SPEC §9) ----

  /**
   * Exact names passed on (lower-case): what tells a caller when to come back or what went wrong,
   * nothing that could carry a session or a credential. {@code content-type} travels in the cause's
   * own field.
   */
  public static final Set<String> CALLER_HEADERS =
      Set.of(
          "retry-after",
          "ratelimit",
          "ratelimit-policy",
          "www-authenticate",
          "location",
          "etag",
          "content-type");

  /**
   * Whether a (lower-case) vendor header may reach the caller of a failed request: one of {@link
   * #CALLER_HEADERS}, or GitHub's and most vendors' {@code X-RateLimit-*}, X/Twitter's {@code
   * X-Rate-Limit-*}.
   */
  public static boolean isForCaller(String name) {
    return CALLER_HEADERS.contains(name)
        || name.startsWith("x-ratelimit-")
        || name.startsWith("x-rate-limit-");
  }

  /**
   * The vendor headers of {@code headers} (lower-case names) a caller may see, whose values are
   * printable ASCII of at most 512 characters (a longer one is dropped, not cut: a cut header could
   * mislead), at most 16 of them (a cause is bounded), in the given order. Used by the proxy (for
   * the failure's cause) and again by the orchestrator (before answering). {@code except} names one
   * more header to leave out (the vendor key's), or null.
   */
  public static Map<String, String> headersForCaller(Map<String, String> headers, String except) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String name = e.getKey() == null ? "" : e.getKey().toLowerCase(Locale.ROOT);
      String value = e.getValue();
      if (out.size() < 16
          && isForCaller(name)
          && !name.equals(except)
          && value != null
          && value.matches("[\\x20-\\x7e]{0,512}")) {
        out.put(name, value);
      }
    }
    return out;
  }
}
