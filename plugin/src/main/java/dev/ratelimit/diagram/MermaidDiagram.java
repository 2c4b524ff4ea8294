package dev.ratelimit.diagram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.runtime.contract.ResultFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Mermaid flowchart ({@code <workflowName>.mmd}) of a state machine definition: one node per
 * state, shaped by its type, and one edge per transition, Choice edges labelled with their
 * condition so the retry policy is readable in the picture. It reads the definition's JSON (the
 * generated {@code .asl.json}), so the diagram shows exactly the states that run. The text is
 * deterministic: states and edges in definition order, LF line ends, a final newline.
 */
public final class MermaidDiagram {
  private static final Map<String, String> SHORT_OPERATORS =
      Map.of(
          "StringEquals",
          "=",
          "NumericEquals",
          "=",
          "BooleanEquals",
          "=",
          "NumericGreaterThan",
          ">",
          "NumericGreaterThanEquals",
          "≥",
          "NumericLessThan",
          "<",
          "NumericLessThanEquals",
          "≤");

  /** The flowchart of the definition text. */
  public String render(String definition) {
    JsonNode root;
    try {
      root = CanonicalJson.parse(definition);
    } catch (IOException e) {
      throw new IllegalArgumentException("the definition is not JSON: " + e.getMessage(), e);
    }
    StringBuilder out = new StringBuilder("flowchart TD\n");
    List<String> edges = new ArrayList<>();
    out.append("  start((\" \")) --> ").append(id(root.get("StartAt").asText())).append('\n');
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("States").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode state = e.getValue();
      String type = state.path("Type").asText();
      out.append("  ").append(node(name, state, type)).append('\n');
      String from = id(name);
      switch (type) {
        case "Choice" -> {
          for (JsonNode rule : state.path("Choices")) {
            edges.add(
                from
                    + " -- \""
                    + label(condition(rule))
                    + "\" --> "
                    + id(rule.get("Next").asText()));
          }
          if (state.has("Default")) {
            edges.add(from + " -- \"otherwise\" --> " + id(state.get("Default").asText()));
          }
        }
        case "Succeed", "Fail" -> {}
        default -> {
          for (JsonNode c : state.path("Catch")) {
            List<String> errors = new ArrayList<>();
            c.path("ErrorEquals").forEach(n -> errors.add(n.asText()));
            edges.add(
                from
                    + " -. \""
                    + label("catch " + String.join(", ", errors))
                    + "\" .-> "
                    + id(c.get("Next").asText()));
          }
          if (state.has("Next")) {
            edges.add(from + " --> " + id(state.get("Next").asText()));
          }
        }
      }
    }
    edges.forEach(edge -> out.append("  ").append(edge).append('\n'));
    return out.toString();
  }

  private static String node(String name, JsonNode state, String type) {
    String id = id(name);
    return switch (type) {
      case "Task" -> {
        String detail = "lambda:invoke";
        int retries =
            state.path("Retry").size() == 0
                ? 0
                : state.path("Retry").get(0).path("MaxAttempts").asInt(3);
        if (retries > 0) {
          detail += ", " + retries + " service retries";
        }
        yield id + "[[\"" + label(name + "<br/>" + detail) + "\"]]";
      }
      case "Choice" -> id + "{\"" + label(name) + "\"}";
      case "Wait" ->
          id
              + "([\""
              + label(
                  name
                      + "<br/>wait "
                      + (state.has("Seconds")
                          ? state.get("Seconds").asText() + " s"
                          : field(state.path("SecondsPath").asText()) + " s"))
              + "\"])";
      case "Succeed" -> id + "([\"" + label(name) + "\"])";
      case "Fail" ->
          id
              + "[/\""
              + label(
                  name
                      + "<br/>"
                      + (state.has("Error")
                          ? state.get("Error").asText()
                          : state.path("ErrorPath").asText()))
              + "\"/]";
      default -> id + "[\"" + label(name) + "\"]";
    };
  }

  /** A readable condition: {@code statusCode 200–299 and error = ''}. */
  static String condition(JsonNode rule) {
    if (rule.has("And") || rule.has("Or")) {
      String op = rule.has("And") ? "And" : "Or";
      JsonNode rules = rule.get(op);
      if (op.equals("And") && rules.size() == 2 && isRange(rules.get(0), rules.get(1))) {
        return field(rules.get(0).get("Variable").asText())
            + " "
            + rules.get(0).get("NumericGreaterThanEquals").asText()
            + "–"
            + rules.get(1).get("NumericLessThanEquals").asText();
      }
      List<String> parts = new ArrayList<>();
      for (JsonNode r : rules) {
        String part = condition(r);
        parts.add(part.contains(" and ") || part.contains(" or ") ? "(" + part + ")" : part);
      }
      return String.join(op.equals("And") ? " and " : " or ", parts);
    }
    if (rule.has("Not")) {
      return "not (" + condition(rule.get("Not")) + ")";
    }
    String variable = field(rule.path("Variable").asText());
    for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
      String op = it.next();
      String shortOp = SHORT_OPERATORS.get(op);
      if (shortOp != null) {
        JsonNode v = rule.get(op);
        return variable
            + " "
            + shortOp
            + " "
            + (v.isTextual() ? "'" + v.asText() + "'" : v.asText());
      }
    }
    return CanonicalJson.compact(rule);
  }

  private static boolean isRange(JsonNode low, JsonNode high) {
    return low.has("NumericGreaterThanEquals")
        && high.has("NumericLessThanEquals")
        && low.path("Variable").equals(high.path("Variable"));
  }

  /** {@code $.last.statusCode} → {@code statusCode}; {@code $.request.method} → {@code method}. */
  static String field(String path) {
    for (String prefix : List.of(ResultFields.LAST + ".", "$.request.", "$.")) {
      if (path.startsWith(prefix)) {
        return path.substring(prefix.length());
      }
    }
    return path;
  }

  /** Mermaid node ids: letters, digits and underscores. */
  static String id(String name) {
    return name.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** Text inside a quoted Mermaid label: its quote character written as an entity. */
  static String label(String text) {
    return text.replace("\"", "#quot;");
  }
}
