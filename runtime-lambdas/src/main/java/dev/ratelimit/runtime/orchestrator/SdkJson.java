package dev.ratelimit.runtime.orchestrator;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The orchestrator's JSON (execution output and Fail causes in; workflow input, error bodies and
 * log lines out) on the AWS SDK's own JSON support ({@code json-utils} over the SDK's shaded
 * Jackson core), which the Step Functions client ships anyway: no further library in the deployment
 * jar. Only the glue lives here: {@link Map}/{@link Iterable} trees to {@link JsonWriter} calls,
 * and typed reads of parsed fields.
 */
final class SdkJson {
  private static final JsonNodeParser PARSER =
      JsonNode.parserBuilder().removeErrorLocations(true).build();

  private SdkJson() {}

  /** The JSON object in {@code text}; empty when it is null, not JSON or not an object. */
  static Optional<JsonNode> parseObject(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      JsonNode n = PARSER.parse(text);
      return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    } catch (RuntimeException e) { // the parser wraps Jackson's errors (UncheckedIOException)
      return Optional.empty();
    }
  }

  /** Field {@code name} of {@code object} when it is a string; else null. */
  static String string(JsonNode object, String name) {
    return object.field(name).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
  }

  /** Field {@code name} of {@code object} when it is a boolean; else null. */
  static Boolean bool(JsonNode object, String name) {
    return object.field(name).filter(JsonNode::isBoolean).map(JsonNode::asBoolean).orElse(null);
  }

  /** Field {@code name} of {@code object} when it is a whole number that fits a long; else null. */
  static Long whole(JsonNode object, String name) {
    Optional<JsonNode> n = object.field(name).filter(JsonNode::isNumber);
    if (n.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(n.get().asNumber());
    } catch (NumberFormatException e) { // a fraction, an exponent or too large
      return null;
    }
  }

  /**
   * {@code v} as JSON text: null, String, Boolean, Integer, Long, Map (keys as strings, in
   * iteration order) or Iterable. Non-ASCII is written as UTF-8; UTF-16 surrogates (paired or not)
   * as escapes.
   */
  static String write(Object v) {
    JsonWriter w = JsonWriter.create();
    write(w, v);
    return new String(w.getBytes(), StandardCharsets.UTF_8);
  }

  private static void write(JsonWriter w, Object v) {
    if (v == null) {
      w.writeNull();
    } else if (v instanceof String) {
      w.writeValue((String) v);
    } else if (v instanceof Boolean) {
      w.writeValue((boolean) (Boolean) v);
    } else if (v instanceof Integer || v instanceof Long) {
      w.writeValue(((Number) v).longValue());
    } else if (v instanceof Map) {
      w.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        w.writeFieldName(String.valueOf(e.getKey()));
        write(w, e.getValue());
      }
      w.writeEndObject();
    } else if (v instanceof Iterable) {
      w.writeStartArray();
      for (Object o : (Iterable<?>) v) {
        write(w, o);
      }
      w.writeEndArray();
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }
}
