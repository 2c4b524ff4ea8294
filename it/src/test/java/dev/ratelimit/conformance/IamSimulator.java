package dev.ratelimit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks {@code @cloud-copilot/iam-simulate} whether identity policies allow requests: the IAM
 * evaluation no one here wrote (wildcards, conditions, resource types of each action).
 */
public final class IamSimulator {
  public static final String PRINCIPAL =
      "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/ratelimit-conformance";
  private static final ObjectMapper JSON = new ObjectMapper();

  private IamSimulator() {}

  /**
   * One request: may a principal holding {@code policies} call {@code action} on {@code resource}?
   *
   * @param expectAllowed what the gateway's contract says; the test compares
   */
  public record Case(
      String id,
      List<JsonNode> policies,
      String action,
      String resource,
      Map<String, String> context,
      boolean expectAllowed) {
    public Case(
        String id, List<JsonNode> policies, String action, String resource, boolean expectAllowed) {
      this(id, policies, action, resource, Map.of(), expectAllowed);
    }

    @Override
    public String toString() {
      return (expectAllowed ? "allow " : "deny ")
          + action
          + " on "
          + resource
          + (context.isEmpty() ? "" : " with " + context);
    }
  }

  /**
   * The decision for each case, by id: Allowed, ImplicitlyDenied, ExplicitlyDenied, or Error: ...
   */
  public static Map<String, String> evaluate(List<Case> cases) {
    ArrayNode input = JSON.createArrayNode();
    for (Case c : cases) {
      ObjectNode n = input.addObject();
      n.put("id", c.id());
      n.put("principal", PRINCIPAL);
      n.put("account", MotoServer.ACCOUNT);
      ArrayNode policies = n.putArray("policies");
      c.policies().forEach(policies::add);
      n.put("action", c.action());
      n.put("resource", c.resource());
      ObjectNode context = n.putObject("context");
      c.context().forEach(context::put);
    }
    Path file;
    try {
      file = Files.createTempFile("iam-cases", ".json");
      Files.writeString(file, input.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode out = NodeTools.run("iam-simulate.js", List.of(file.toString()), 300);
    Map<String, String> results = new LinkedHashMap<>();
    for (JsonNode r : out) {
      String result = r.path("result").asText();
      results.put(
          r.path("id").asText(),
          result.equals("Error") ? "Error: " + r.path("errors").asText() : result);
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temp file
    }
    return results;
  }
}
