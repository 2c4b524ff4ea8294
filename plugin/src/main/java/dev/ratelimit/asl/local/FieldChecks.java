package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The definition's field checks that {@link DefinitionParser} repeats, with their messages. */
final class FieldChecks {
  private FieldChecks() {}

  /** Fails on a field outside {@code allowed}, or when {@code node} is not an object. */
  static void unknown(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw new UnsupportedDefinitionException(where + " must be an object");
    }
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                throw new UnsupportedDefinitionException(
                    where
                        + ": field '"
                        + f
                        + "' is not supported by the local executor (supported: "
                        + allowed.stream().sorted().toList()
                        + ")");
              }
            });
  }

  static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new UnsupportedDefinitionException(where + ": " + field + " must be a string");
    }
    return value.textValue();
  }

  static List<JsonNode> list(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new UnsupportedDefinitionException(where + " must be a non-empty array");
    }
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  /** Fails when the field is present and not a number of at least {@code min}. */
  static void number(JsonNode node, String field, double min, String where) {
    JsonNode value = node.get(field);
    if (value != null && !(value.isNumber() && value.doubleValue() >= min)) {
      throw new UnsupportedDefinitionException(
          where + ": " + field + " must be a number >= " + min + ", not " + value);
    }
  }

  static void exclusive(JsonNode node, String a, String b, String where) {
    if (node.has(a) && node.has(b)) {
      throw new UnsupportedDefinitionException(where + ": has both " + a + " and " + b);
    }
  }
}
