package dev.ratelimit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Metrics read from CloudWatch embedded metric format (EMF) lines the way CloudWatch extracts them:
 * every value of a metric a directive declares, once per dimension set, under that set's dimension
 * values. What the local simulation's report computes the dashboard's numbers from.
 */
public final class EmfMetrics {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A metric as CloudWatch identifies it. */
  public record Key(String namespace, String name, Map<String, String> dimensions) {}

  private final Map<Key, List<Double>> values = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException for a line that is not EMF (no {@code _aws} directives, a
   *     dimension or metric member missing or of the wrong type)
   */
  public static EmfMetrics read(List<String> lines) {
    EmfMetrics m = new EmfMetrics();
    for (String line : lines) {
      m.add(line);
    }
    return m;
  }

  private void add(String line) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON line: " + line, e);
    }
    JsonNode directives = root == null ? null : root.path("_aws").get("CloudWatchMetrics");
    if (directives == null
        || !directives.isArray()
        || !root.path("_aws").path("Timestamp").isNumber()) {
      throw new IllegalArgumentException(
          "not an EMF line (_aws.Timestamp, _aws.CloudWatchMetrics): " + line);
    }
    for (JsonNode d : directives) {
      String namespace = d.path("Namespace").asText();
      for (JsonNode set : d.path("Dimensions")) {
        Map<String, String> dims = new TreeMap<>();
        for (JsonNode key : set) {
          JsonNode v = root.get(key.asText());
          if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(
                "dimension " + key + " is not a string member: " + line);
          }
          dims.put(key.asText(), v.asText());
        }
        for (JsonNode metric : d.path("Metrics")) {
          String name = metric.path("Name").asText();
          JsonNode v = root.get(name);
          if (v == null || !(v.isNumber() || v.isArray())) {
            throw new IllegalArgumentException(
                "metric " + name + " has no numeric member: " + line);
          }
          List<Double> list =
              values.computeIfAbsent(
                  new Key(namespace, name, Collections.unmodifiableMap(dims)),
                  k -> new ArrayList<>());
          if (v.isArray()) {
            v.forEach(x -> list.add(x.asDouble()));
          } else {
            list.add(v.asDouble());
          }
        }
      }
    }
  }

  /** Every metric and dimension set seen. */
  public Set<Key> keys() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** The values of {@code name} per exactly these dimensions (name, value…), in line order. */
  public List<Double> values(String name, String... dimensions) {
    Map<String, String> dims = new TreeMap<>();
    for (int i = 0; i < dimensions.length; i += 2) {
      dims.put(dimensions[i], dimensions[i + 1]);
    }
    List<Double> out = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          if (k.name().equals(name) && k.dimensions().equals(dims)) {
            out.addAll(v);
          }
        });
    return out;
  }

  /** The values of dimension {@code dimension} seen with {@code name}, sorted. */
  public Set<String> dimensionValues(String name, String dimension) {
    Set<String> out = new TreeSet<>();
    values.keySet().stream()
        .filter(k -> k.name().equals(name) && k.dimensions().containsKey(dimension))
        .forEach(k -> out.add(k.dimensions().get(dimension)));
    return out;
  }

  public static double sum(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).sum();
  }

  /** NaN for none. */
  public static double average(List<Double> v) {
    return v.isEmpty() ? Double.NaN : sum(v) / v.size();
  }

  /** NaN for none. */
  public static double maximum(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Nearest-rank percentile; NaN for none. */
  public static double percentile(List<Double> v, int p) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(v);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
