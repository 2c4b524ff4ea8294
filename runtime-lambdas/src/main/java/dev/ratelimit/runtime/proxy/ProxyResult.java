package dev.ratelimit.runtime.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The proxy's answer, read field by field by the workflow's ResultSelector. The Lambda serializer
 * drops null properties and a missing field fails the state, so no field is ever null: setters turn
 * null into the empty value.
 *
 * <p>Its static part is the little JSON the proxy writes itself (no JSON library in the deployment
 * jar): a result's cause, the strings of the log and metric lines, and a conservative estimate of
 * what the Lambda runtime's serializer (Jackson, UTF-8, non-ASCII not escaped) will write for a
 * result. (Here, not in a class of their own: every class costs the proxy jar its constant pool and
 * zip entry. The serializer reads instance getters only.)
 */
public class ProxyResult {
  private int statusCode;
  private Map<String, String> headers = new LinkedHashMap<>();
  private String body = "";
  private boolean isBase64Encoded;
  private int waitSeconds;
  private String error = "";
  private String cause = "";

  public ProxyResult() {}

  ProxyResult(
      int statusCode,
      Map<String, String> headers,
      String body,
      boolean isBase64Encoded,
      int waitSeconds,
      String error,
      String cause) {
    this.statusCode = statusCode;
    setHeaders(headers);
    setBody(body);
    this.isBase64Encoded = isBase64Encoded;
    this.waitSeconds = waitSeconds;
    setError(error);
    setCause(cause);
  }

  /** Upstream HTTP status; 0 when no HTTP answer was obtained. */
  public int getStatusCode() {
    return statusCode;
  }

  public void setStatusCode(int statusCode) {
    this.statusCode = statusCode;
  }

  /** Upstream response headers, lower-case names, repeated values joined with ", ". */
  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers == null ? new LinkedHashMap<>() : headers;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body == null ? "" : body;
  }

  // See HttpRequestData: keeps the JSON property name "isBase64Encoded".
  public boolean getIsBase64Encoded() {
    return isBase64Encoded;
  }

  public void setIsBase64Encoded(boolean isBase64Encoded) {
    this.isBase64Encoded = isBase64Encoded;
  }

  /** Seconds the workflow waits before the next attempt. */
  public int getWaitSeconds() {
    return waitSeconds;
  }

  public void setWaitSeconds(int waitSeconds) {
    this.waitSeconds = waitSeconds;
  }

  /** "" or one of the contract's {@code ProxyError} codes. */
  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error == null ? "" : error;
  }

  /** "" on success, else the compact JSON a Fail state carries as its cause. */
  public String getCause() {
    return cause;
  }

  public void setCause(String cause) {
    this.cause = cause == null ? "" : cause;
  }

  @Override
  public String toString() {
    return "ProxyResult{statusCode="
        + statusCode
        + ", error="
        + error
        + ", waitSeconds="
        + waitSeconds
        + ", isBase64Encoded="
        + isBase64Encoded
        + ", bodyLength="
        + body.length()
        + "}";
  }

  // ---- the JSON the proxy writes ----

  /** Step Functions caps a Fail state's cause at 32,768 characters; stay clearly below. */
  static final int MAX_CAUSE_CHARS = 32_000;

  /** Longest content type copied into a cause. */
  private static final int MAX_CONTENT_TYPE_CHARS = 200;

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int RESULT_OVERHEAD =
      ("{'statusCode':,'headers':{},'body':,'isBase64Encoded':,"
              + "'waitSeconds':,'error':,'cause':}")
          .length();

  /**
   * Upper bound of the bytes the serializer writes for {@code s} as a JSON string, quotes included.
   */
  static long stringSize(String s) {
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        n += 2;
      } else if (c < 0x20) {
        n += 6; // a six-character u00XX escape at most
      } else if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isSurrogate(c)) {
        n += 6; // Jackson 2 writes each half of a pair as a u-escape (12 bytes for one emoji)
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Upper bound of the serialized size of {@code r} in bytes. */
  static long resultSize(ProxyResult r) {
    long n =
        RESULT_OVERHEAD
            + digits(r.getStatusCode())
            + digits(r.getWaitSeconds())
            + (r.getIsBase64Encoded() ? 4 : 5)
            + stringSize(r.getBody())
            + stringSize(r.getError())
            + stringSize(r.getCause());
    Map<String, String> headers = r.getHeaders();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      n += stringSize(e.getKey()) + 1 + stringSize(e.getValue());
    }
    return n + Math.max(0, headers.size() - 1);
  }

  private static int digits(int i) {
    return String.valueOf(i).length();
  }

  /**
   * The cause of a failed attempt: {@code
   * {"status":..,"error":..,"contentType":..,"isBase64Encoded":..,
   * "body":..,"truncated":..,"attempt":..}}, where {@code isBase64Encoded} says whether {@code
   * body} is base64 (the upstream body was not text) and {@code attempt} is the 1-based attempt
   * this proxy served. Pure ASCII (so its length in characters is its length in bytes), at most
   * {@link #MAX_CAUSE_CHARS} characters, and at most {@code maxSerializedBytes} once the serializer
   * has escaped it again (excluding the quotes around it). The body is cut to fit; null when not
   * even an empty body fits.
   */
  static String cause(
      int status,
      String error,
      String contentType,
      boolean base64,
      String body,
      boolean cut,
      int attempt,
      long maxSerializedBytes) {
    return cause(
        status,
        error,
        contentType,
        Map.of(),
        -1,
        0,
        base64,
        body,
        cut,
        attempt,
        maxSerializedBytes,
        null);
  }

  /**
   * As above, with the vendor's headers for the caller ({@link HttpRules#headersForCaller}) as
   * {@code "headers"} when there are any, and, when the vendor named a wait ({@code
   * retryAfterSeconds} ≥ 0), {@code "retryAfter"} and {@code "receivedAt"} (epoch milliseconds of
   * the answer), so that the orchestrator can tell the caller what remains of it; with {@code
   * redacted} (what had the vendor key cut out, e.g. {@code body}) also {@code "redacted":"<what>"}
   * before {@code attempt}, so the orchestrator can tell the caller.
   */
  static String cause(
      int status,
      String error,
      String contentType,
      Map<String, String> headers,
      long retryAfterSeconds,
      long receivedAtMillis,
      boolean base64,
      String body,
      boolean cut,
      int attempt,
      long maxSerializedBytes,
      String redacted) {
    StringBuilder sb = new StringBuilder("{\"status\":").append(status).append(",\"error\":");
    if (error.isEmpty()) {
      sb.append("null");
    } else {
      quote(sb, error);
    }
    sb.append(",\"contentType\":");
    if (contentType == null) {
      sb.append("null");
    } else {
      quote(
          sb,
          contentType.length() > MAX_CONTENT_TYPE_CHARS
              ? contentType.substring(0, MAX_CONTENT_TYPE_CHARS)
              : contentType);
    }
    if (!headers.isEmpty()) {
      sb.append(",\"headers\":{");
      boolean first = true;
      for (Map.Entry<String, String> h : headers.entrySet()) {
        quote(first ? sb : sb.append(','), h.getKey()).append(':');
        quote(sb, h.getValue());
        first = false;
      }
      sb.append('}');
    }
    if (retryAfterSeconds >= 0) {
      sb.append(",\"retryAfter\":")
          .append(retryAfterSeconds)
          .append(",\"receivedAt\":")
          .append(receivedAtMillis);
    }
    sb.append(",\"isBase64Encoded\":").append(base64).append(",\"body\":\"");
    String tail = ",\"attempt\":" + attempt + "}";
    if (redacted != null) {
      tail = ",\"redacted\":\"".concat(redacted).concat("\"").concat(tail);
    }
    String longestEnd = "\",\"truncated\":false" + tail;
    long chars = sb.length() + longestEnd.length();
    long bytes = serializedSize(sb) + serializedSize(longestEnd);
    if (chars > MAX_CAUSE_CHARS || bytes > maxSerializedBytes) {
      return null;
    }
    boolean truncated = cut;
    StringBuilder unit = new StringBuilder(12);
    for (int i = 0; i < body.length(); i++) {
      unit.setLength(0);
      char c = body.charAt(i);
      escape(unit, c);
      if (Character.isHighSurrogate(c)
          && i + 1 < body.length()
          && Character.isLowSurrogate(body.charAt(i + 1))) {
        escape(unit, body.charAt(++i)); // never split a pair
      }
      long unitBytes = serializedSize(unit);
      if (chars + unit.length() > MAX_CAUSE_CHARS || bytes + unitBytes > maxSerializedBytes) {
        truncated = true;
        break;
      }
      sb.append(unit);
      chars += unit.length();
      bytes += unitBytes;
    }
    return sb.append("\",\"truncated\":").append(truncated).append(tail).toString();
  }

  /** Appends {@code s} as an ASCII-only JSON string literal. */
  static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      escape(sb, s.charAt(i));
    }
    return sb.append('"');
  }

  private static void escape(StringBuilder sb, char c) {
    switch (c) {
      case '"':
        sb.append("\\\"");
        break;
      case '\\':
        sb.append("\\\\");
        break;
      case '\n':
        sb.append("\\n");
        break;
      case '\r':
        sb.append("\\r");
        break;
      case '\t':
        sb.append("\\t");
        break;
      default:
        if (c < 0x20 || c > 0x7e) {
          sb.append("\\u")
              .append(HEX[c >> 12 & 15])
              .append(HEX[c >> 8 & 15])
              .append(HEX[c >> 4 & 15])
              .append(HEX[c & 15]);
        } else {
          sb.append(c);
        }
    }
  }

  /** Serialized bytes of ASCII text inside a JSON string: quotes and backslashes get escaped. */
  private static long serializedSize(CharSequence ascii) {
    long n = ascii.length();
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (c == '"' || c == '\\') {
        n++;
      }
    }
    return n;
  }
}
