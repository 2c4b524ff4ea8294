package dev.ratelimit.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Proxy results (SPEC §6, §9) as scripted answers: every field present. */
public final class Results {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Results() {}

  public static ObjectNode status(int status) {
    ObjectNode r = JSON.createObjectNode();
    r.put("statusCode", status);
    r.putObject("headers").put("content-type", "application/json");
    r.put("body", "{\"status\":" + status + "}");
    r.put("isBase64Encoded", false);
    r.put("waitSeconds", 0);
    r.put("error", "");
    r.put("cause", status >= 200 && status <= 299 ? "" : causeOf(status, r.get("body").asText()));
    return r;
  }

  static ObjectNode noAnswer(String error) {
    ObjectNode r = status(0);
    r.putObject("headers");
    r.put("body", "");
    r.put("error", error);
    r.put("cause", "{\"status\":0,\"error\":\"" + error + "\",\"truncated\":false}");
    return r;
  }

  static String causeOf(int status, String body) {
    ObjectNode cause = JSON.createObjectNode();
    cause.put("status", status);
    cause.put("contentType", "application/json");
    cause.put("body", body);
    cause.put("truncated", false);
    return cause.toString();
  }

  /** What the workflow keeps in $.last and outputs: the result plus the attempt. */
  static ObjectNode asLastOf(ObjectNode result, int attempt) {
    return result.deepCopy().put("attempt", attempt);
  }
}
