package dev.ratelimit.runtime.contract;

import java.util.List;
import java.util.Set;

/**
 * The one header denylist of the gateway, shared by the plugin (which refuses such names in {@code
 * apiKeyHeader} and {@code forwardHeaders} at generate time) and the runtime (the proxy's
 * configuration, the orchestrator's and the proxy's forwarding, the response filter). Plain Java,
 * no dependencies: it ships in every deployment jar.
 */
public final class HeaderRules {
  /**
   * Hop-by-hop headers: {@code connection} and the fields RFC 9110 §7.6.1 tells an intermediary to
   * remove ({@code proxy-connection}, {@code keep-alive}, {@code te}, {@code transfer-encoding},
   * {@code upgrade}), {@code trailer} (the proxy buffers whole bodies and sends no trailers), and
   * the proxy credentials of RFC 9110 §11.7, meant for the next proxy, never the vendor. They
   * describe one connection, never the request or answer. Lambda's own HTTP front end drops the
   * same names (plus {@code expect}, which {@link #REFUSED} holds).
   */
  public static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  /**
   * Besides {@link #HOP_BY_HOP} and the prefixes {@code proxy-} and {@code x-forwarded-}: headers
   * the HTTP client computes itself and refuses ({@code host}, {@code content-length}, {@code
   * expect}, {@code http2-settings}), the proxy-chain ones that would let a caller forge the
   * connection's origin, and the method and URL overrides some frameworks honour, which would let a
   * caller turn a (retried) GET into a vendor-side POST or DELETE, or leave the target's path
   * prefix.
   */
  public static final Set<String> REFUSED =
      Set.of(
          "host",
          "content-length",
          "expect",
          "http2-settings",
          "forwarded",
          "via",
          "x-http-method-override",
          "x-http-method",
          "x-method-override",
          "x-original-method",
          "x-original-url",
          "x-rewrite-url");

  /**
   * Headers a caller may send upstream unless {@code forwardHeaders} says otherwise: content
   * negotiation, preconditions, idempotency. In this order in the template's environment.
   */
  public static final List<String> DEFAULT_FORWARD =
      List.of(
          "accept",
          "accept-language",
          "content-language",
          "content-type",
          "idempotency-key",
          "if-match",
          "if-modified-since",
          "if-none-match",
          "if-unmodified-since",
          "prefer");

  /** Why a name is refused, for messages. */
  public static final String REFUSED_RULE =
      "the proxy never sets hop-by-hop headers, host, content-length,"
          + " expect, http2-settings, forwarded, via, proxy-*, x-forwarded-*, nor a method or URL override"
          + " (x-http-method-override, x-http-method, x-method-override, x-original-method, x-original-url,"
          + " x-rewrite-url)";

  /** Why a caller's header is never forwarded although the proxy could set it. */
  public static final String GATEWAY_AUTH_RULE =
      "authorization, x-amz-* and x-amzn-* are the caller's own"
          + " authentication (the vendor's key: apiKeyHeader), x-ratelimit-* the gateway's own headers";

  private HeaderRules() {}

  /**
   * Whether the proxy refuses to send a header of this lower-case name at all (the vendor key's
   * included).
   */
  public static boolean isRefused(String name) {
    return HOP_BY_HOP.contains(name)
        || REFUSED.contains(name)
        || name.startsWith("proxy-")
        || name.startsWith("x-forwarded-");
  }

  /**
   * Whether a caller's header of this lower-case name never goes upstream, whatever the allowlist:
   * refused, the gateway's own authentication (the caller's SigV4 signature and AWS context), or
   * the gateway's own {@code x-ratelimit-*} headers (e.g. the caller's {@code
   * x-ratelimit-timeout}).
   */
  public static boolean isNeverForwarded(String name) {
    return isRefused(name)
        || name.equals("authorization")
        || name.startsWith("x-amz-")
        || name.startsWith("x-amzn-")
        || name.startsWith("x-ratelimit-");
  }

  /** Why {@code name} (lower case) cannot carry the vendor key, or null when it can. */
  public static String apiKeyHeaderViolation(String name) {
    return isRefused(name) ? REFUSED_RULE : null;
  }

  /** Why a caller's header {@code name} (lower case) cannot be forwarded, or null when it can. */
  public static String forwardHeaderViolation(String name) {
    return isRefused(name) ? REFUSED_RULE : isNeverForwarded(name) ? GATEWAY_AUTH_RULE : null;
  }
}
