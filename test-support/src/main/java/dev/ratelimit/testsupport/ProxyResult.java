package dev.ratelimit.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * A proxy Lambda's result (SPEC §6, §9) as the workflow reads it, every field present, for
 * scripting moto's Lambda and the local executor alike: {@code
 * ProxyResult.status(429).waitSeconds(3).json()}. Immutable: each setter answers a copy, so a
 * scenario can derive results from a shared one.
 */
public final class ProxyResult {
  private final int statusCode;
  private final Map<String, String> headers;
  private final String body;
  private final boolean base64;
  private final int waitSeconds;
  private final String error;
  private final String cause;

  private ProxyResult(
      int statusCode,
      Map<String, String> headers,
      String body,
      boolean base64,
      int waitSeconds,
      String error,
      String cause) {
    this.statusCode = statusCode;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = body;
    this.base64 = base64;
    this.waitSeconds = waitSeconds;
    this.error = error;
    this.cause = cause;
  }

  /** Every field empty: status {@code statusCode}, no headers, body, wait, error or cause. */
  public static ProxyResult blank(int statusCode) {
    return new ProxyResult(statusCode, Map.of(), "", false, 0, "", "");
  }

  /** An HTTP answer with this status, a small JSON body, and (if not a success) its cause. */
  public static ProxyResult status(int statusCode) {
    String body = "{\"status\":" + statusCode + "}";
    boolean success = statusCode >= 200 && statusCode <= 299;
    return blank(statusCode)
        .header("content-type", "application/json")
        .body(body)
        .cause(success ? "" : causeOf(statusCode, "application/json", body));
  }

  /** No HTTP answer ({@code statusCode} 0), with a network error code such as {@code Timeout}. */
  public static ProxyResult noAnswer(String error) {
    return blank(0)
        .error(error)
        .cause("{\"status\":0,\"error\":\"" + error + "\",\"truncated\":false}");
  }

  /** The cause the proxy writes for a failed attempt: a JSON string (SPEC §9 Outcomes). */
  public static String causeOf(int status, String contentType, String body) {
    return json(
        w ->
            w.writeFieldName("status")
                .writeValue(status)
                .writeFieldName("contentType")
                .writeValue(contentType)
                .writeFieldName("body")
                .writeValue(body)
                .writeFieldName("truncated")
                .writeValue(false));
  }

  public ProxyResult statusCode(int v) {
    return new ProxyResult(v, headers, body, base64, waitSeconds, error, cause);
  }

  /** This result with one more header (or {@code name} replaced). */
  public ProxyResult header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ProxyResult(statusCode, more, body, base64, waitSeconds, error, cause);
  }

  /** This result with exactly these headers. */
  public ProxyResult headers(Map<String, String> all) {
    return new ProxyResult(statusCode, all, body, base64, waitSeconds, error, cause);
  }

  public ProxyResult body(String v) {
    return new ProxyResult(statusCode, headers, v, base64, waitSeconds, error, cause);
  }

  public ProxyResult base64(boolean v) {
    return new ProxyResult(statusCode, headers, body, v, waitSeconds, error, cause);
  }

  public ProxyResult waitSeconds(int v) {
    return new ProxyResult(statusCode, headers, body, base64, v, error, cause);
  }

  public ProxyResult error(String v) {
    return new ProxyResult(statusCode, headers, body, base64, waitSeconds, v, cause);
  }

  public ProxyResult cause(String v) {
    return new ProxyResult(statusCode, headers, body, base64, waitSeconds, error, v);
  }

  public int statusCode() {
    return statusCode;
  }

  public String error() {
    return error;
  }

  public String cause() {
    return cause;
  }

  /** The result as the proxy returns it (the Lambda's payload). */
  public String json() {
    return json(this::fields);
  }

  /** What the workflow keeps in {@code $.last} (and outputs): the result plus its attempt. */
  public String asLastOf(int attempt) {
    return json(w -> fields(w).writeFieldName("attempt").writeValue(attempt));
  }

  private JsonWriter fields(JsonWriter w) {
    w.writeFieldName("statusCode").writeValue(statusCode).writeFieldName("headers");
    w.writeStartObject();
    headers.forEach((name, value) -> w.writeFieldName(name).writeValue(value));
    return w.writeEndObject()
        .writeFieldName("body")
        .writeValue(body)
        .writeFieldName("isBase64Encoded")
        .writeValue(base64)
        .writeFieldName("waitSeconds")
        .writeValue(waitSeconds)
        .writeFieldName("error")
        .writeValue(error)
        .writeFieldName("cause")
        .writeValue(cause);
  }

  private interface Fields {
    JsonWriter write(JsonWriter object);
  }

  private static String json(Fields fields) {
    JsonWriter w = JsonWriter.create().writeStartObject();
    return new String(fields.write(w).writeEndObject().getBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return json();
  }
}
