package dev.ratelimit.runtime.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A strict reader of CloudWatch's embedded metric format specification: a line is accepted only if
 * every rule the specification states holds, and each broken rule fails with its own message.
 *
 * <ul>
 *   <li>The log event is one JSON object, nothing before or after it.
 *   <li>Root member {@code _aws} (an object) is required, with {@code Timestamp} (a number:
 *       milliseconds since the epoch) and {@code CloudWatchMetrics} (an array of metric
 *       directives), no other members.
 *   <li>A directive has {@code Namespace} (a string of 1 to 255 characters), {@code Dimensions} (an
 *       array of dimension sets: arrays of at most 30 strings, each naming a top-level member whose
 *       value is a string) and {@code Metrics} (an array of at most 100 definitions), no other
 *       members.
 *   <li>A definition has {@code Name} (a string of 1 to 255 characters, naming a top-level member
 *       whose value is a number or an array of at most 100 numbers), optional {@code Unit} (one of
 *       CloudWatch's units) and optional {@code StorageResolution} (1 or 60), no other members.
 * </ul>
 */
public final class EmfSpec {
  /** CloudWatch's units (MetricDatum's {@code Unit}). */
  public static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  /**
   * One metric value of a line: namespace, name, unit, value and its dimension sets with their
   * values.
   */
  public record Datum(
      String namespace,
      String name,
      String unit,
      double value,
      List<Map<String, String>> dimensionSets) {}

  /** A parsed line: its timestamp, its data and its top-level members. */
  public record Line(long timestamp, List<Datum> data, Map<String, JsonNode> members) {
    public Datum datum(String name) {
      return data.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    public List<String> names() {
      return data.stream().map(Datum::name).toList();
    }
  }

  private EmfSpec() {}

  /**
   * @throws IllegalArgumentException naming the broken rule
   */
  public static Line read(String text) {
    String t = text.strip();
    if (!t.equals(text.replaceAll("\\R$", "")) || !t.startsWith("{") || !t.endsWith("}")) {
      throw new IllegalArgumentException(
          "the log event must be one JSON object, nothing around it: " + text);
    }
    JsonNode root;
    try {
      root = JsonNode.parser().parse(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    require(root.isObject(), "the root must be an object");
    Map<String, JsonNode> members = root.asObject();
    JsonNode aws = members.get("_aws");
    require(aws != null && aws.isObject(), "_aws must be an object");
    Map<String, JsonNode> meta = aws.asObject();
    only(meta, "_aws", "Timestamp", "CloudWatchMetrics");
    JsonNode ts = meta.get("Timestamp");
    require(ts != null && ts.isNumber(), "_aws.Timestamp must be a number");
    long timestamp = Long.parseLong(ts.asNumber());
    require(timestamp > 0, "_aws.Timestamp must be milliseconds since the epoch");
    JsonNode directives = meta.get("CloudWatchMetrics");
    require(directives != null && directives.isArray(), "_aws.CloudWatchMetrics must be an array");
    List<Datum> data = new ArrayList<>();
    for (JsonNode directive : directives.asArray()) {
      require(directive.isObject(), "a metric directive must be an object");
      Map<String, JsonNode> d = directive.asObject();
      only(d, "a metric directive", "Namespace", "Dimensions", "Metrics");
      String namespace = name(d.get("Namespace"), "Namespace");
      JsonNode dims = d.get("Dimensions");
      require(dims != null && dims.isArray(), "Dimensions must be an array");
      List<Map<String, String>> sets = new ArrayList<>();
      for (JsonNode set : dims.asArray()) {
        require(set.isArray(), "a dimension set must be an array");
        require(set.asArray().size() <= 30, "a dimension set has at most 30 dimensions");
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode key : set.asArray()) {
          require(key.isString(), "a dimension key must be a string");
          JsonNode member = members.get(key.asString());
          require(
              member != null && member.isString(),
              "dimension " + key.asString() + " must be a top-level string member");
          require(
              !member.asString().isBlank() && member.asString().length() <= 1024,
              "dimension value of " + key.asString() + " must have 1 to 1024 characters");
          values.put(key.asString(), member.asString());
        }
        sets.add(values);
      }
      JsonNode metrics = d.get("Metrics");
      require(metrics != null && metrics.isArray(), "Metrics must be an array");
      require(metrics.asArray().size() <= 100, "a directive has at most 100 metrics");
      for (JsonNode definition : metrics.asArray()) {
        require(definition.isObject(), "a metric definition must be an object");
        Map<String, JsonNode> m = definition.asObject();
        only(m, "a metric definition", "Name", "Unit", "StorageResolution");
        String name = name(m.get("Name"), "Name");
        String unit = "None";
        if (m.containsKey("Unit")) {
          require(
              m.get("Unit").isString() && UNITS.contains(m.get("Unit").asString()),
              "Unit of " + name + " must be one of CloudWatch's units, not " + m.get("Unit"));
          unit = m.get("Unit").asString();
        }
        if (m.containsKey("StorageResolution")) {
          JsonNode r = m.get("StorageResolution");
          require(
              r.isNumber() && (r.asNumber().equals("1") || r.asNumber().equals("60")),
              "StorageResolution must be 1 or 60");
        }
        JsonNode value = members.get(name);
        require(value != null, "metric " + name + " must be a top-level member");
        List<JsonNode> values = value.isArray() ? value.asArray() : List.of(value);
        require(values.size() <= 100, "metric " + name + " has at most 100 values");
        for (JsonNode v : values) {
          require(v.isNumber(), "metric " + name + " must be a number or an array of numbers");
          data.add(new Datum(namespace, name, unit, Double.parseDouble(v.asNumber()), sets));
        }
      }
    }
    return new Line(timestamp, data, members);
  }

  private static String name(JsonNode node, String what) {
    require(
        node != null
            && node.isString()
            && !node.asString().isEmpty()
            && node.asString().length() <= 255,
        what + " must be a string of 1 to 255 characters");
    return node.asString();
  }

  private static void only(Map<String, JsonNode> object, String what, String... allowed) {
    for (String key : object.keySet()) {
      require(List.of(allowed).contains(key), what + " must not have member " + key);
    }
    for (String key : allowed) {
      if (!key.equals("Unit") && !key.equals("StorageResolution")) {
        require(object.containsKey(key), what + " requires member " + key);
      }
    }
  }

  private static void require(boolean rule, String message) {
    if (!rule) {
      throw new IllegalArgumentException(message);
    }
  }
}
