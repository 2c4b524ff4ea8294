package dev.ratelimit.runtime.orchestrator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The execution input the orchestrator starts a workflow with, and the size rule it must meet. The
 * state holds the request JSON-escaped (a quote takes 2 bytes, a control character 6) beside the
 * route table and the largest answer, so the rule counts the serialized input, never the raw body.
 */
public final class WorkflowInput {
  /**
   * The field that carries the owner's fingerprint (STANDARD); the workflow's first state drops it.
   */
  public static final String CALLER = "caller";

  private WorkflowInput() {}

  /**
   * {@code {"request": {method, path, query, headers, body, isBase64Encoded}}}, plus {@code
   * "caller"} when {@code caller} is not null; as JSON text.
   */
  public static String of(
      String method,
      String path,
      String query,
      Map<String, String> headers,
      String body,
      boolean base64,
      String caller) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("method", method);
    request.put("path", path);
    request.put("query", query);
    request.put("headers", headers);
    request.put("body", body);
    request.put("isBase64Encoded", base64);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("request", request);
    if (caller != null) {
      input.put(CALLER, caller);
    }
    return SdkJson.write(input);
  }

  /** The input's size as Step Functions counts it: UTF-8 bytes of the JSON text. */
  public static int bytes(String input) {
    return input.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Why an input of {@code bytes} cannot start a workflow whose state holds at most {@code
   * maxInputBytes} of it ({@code RATELIMIT_MAX_REQUEST_BYTES}), or null when it fits.
   */
  public static String tooLarge(int bytes, int maxInputBytes) {
    if (bytes <= maxInputBytes) {
      return null;
    }
    return "the request as the workflow carries it (body, headers, path and query as JSON, where each quote"
        + " takes 2 bytes and each control character 6) is "
        + bytes
        + " bytes; the workflow's state holds"
        + " at most "
        + maxInputBytes
        + " beside the largest answer (maxResponseBytes): send a smaller"
        + " body or fewer headers";
  }
}
