package dev.ratelimit.asl.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ASL's {@code $}-paths, compiled when the definition is loaded and evaluated by Jayway
 * JsonPath over Jackson trees. Each compiled path keeps the place it stands in the definition
 * ({@code where}), which its run-time errors name. Context-object paths ({@code
 * $$.Execution.StartTime}, ...) come only from {@link #contextPath}: payload templates.
 */
final class JsonPaths {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Configuration CONFIGURATION =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
          .mappingProvider(new JacksonMappingProvider(MAPPER))
          .build();

  /** One segment of Jayway's normalized definite path: {@code ['name']}. */
  private static final Pattern SEGMENT = Pattern.compile("\\['((?:[^'\\\\]|\\\\.)*)'\\]");

  private JsonPaths() {}

  /** A path that reads the data, or (when its text starts with {@code $$}) the context object. */
  record Path(String text, JsonPath compiled, String where) {
    boolean readsContext() {
      return isContextPath(text);
    }

    /** The same path, naming another place in its run-time errors. */
    Path at(String otherWhere) {
      return new Path(text, compiled, otherWhere);
    }

    /**
     * The node the path selects in {@code document}.
     *
     * @throws StatesError {@code States.Runtime} when it selects nothing
     */
    JsonNode read(JsonNode document) {
      Object value;
      try {
        value = compiled.read(document, CONFIGURATION);
      } catch (PathNotFoundException e) {
        throw StatesError.runtime(
            where
                + ": the JSONPath '"
                + text
                + "' could not be found in the input '"
                + abbreviate(document.toString())
                + "'");
      }
      if (value == null) {
        return NullNode.getInstance();
      }
      return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    }
  }

  /**
   * {@code InputPath} or {@code OutputPath}: absent keeps the data, null gives {}, a path reads.
   */
  record Filter(Path path, boolean empty) {
    static final Filter KEEP = new Filter(null, false);
    static final Filter EMPTY = new Filter(null, true);

    JsonNode apply(JsonNode data) {
      if (path != null) {
        return path.read(data);
      }
      return empty ? JsonNodeFactory.instance.objectNode() : data;
    }
  }

  /**
   * A {@code ResultPath}: where a state's result goes in its input. {@code $} (also when the field
   * is absent) replaces the input; null keys ({@code "ResultPath": null}) discard the result.
   */
  record Reference(String text, List<String> keys, String where) {
    static Reference discard() {
      return new Reference(null, null, null);
    }

    Reference at(String otherWhere) {
      return new Reference(text, keys, otherWhere);
    }

    /**
     * The input with {@code result} placed at this path (missing objects on the way are created).
     */
    JsonNode place(JsonNode input, JsonNode result) {
      if (keys == null) {
        return input;
      }
      if (keys.isEmpty()) {
        return result;
      }
      if (!input.isObject()) {
        throw StatesError.runtime(
            where + ": cannot apply ResultPath '" + text + "' to an input that is not an object");
      }
      ObjectNode root = ((ObjectNode) input).deepCopy();
      ObjectNode at = root;
      for (int i = 0; i < keys.size() - 1; i++) {
        JsonNode next = at.get(keys.get(i));
        if (next == null || next.isNull()) {
          next = at.putObject(keys.get(i));
        } else if (!next.isObject()) {
          throw StatesError.runtime(
              where
                  + ": cannot apply ResultPath '"
                  + text
                  + "': '"
                  + keys.get(i)
                  + "' is not an object");
        }
        at = (ObjectNode) next;
      }
      at.set(keys.get(keys.size() - 1), result);
      return root;
    }
  }

  /** Whether {@code path} reads the context object ({@code $$...}). */
  static boolean isContextPath(String path) {
    return path != null && path.startsWith("$$");
  }

  /** Compiles a path that reads the data; {@code where} names the place, for messages. */
  static Path path(String text, String where) {
    if (text == null || !text.startsWith("$")) {
      throw new UnsupportedDefinitionException(
          where + ": " + text + " is not a path (it must start with $)");
    }
    if (text.startsWith("$$")) {
      throw new UnsupportedDefinitionException(
          where
              + ": "
              + text
              + " reads the context object ($$), which the local executor supports only in"
              + " Parameters and ResultSelector");
    }
    return new Path(text, compile(text, text, where), where);
  }

  /**
   * Compiles a context-object path ({@code $$.Execution.StartTime}), read against the context
   * object that the caller passes as the document.
   */
  static Path contextPath(String text, String where) {
    if (!isContextPath(text)) {
      throw new IllegalArgumentException("not a context path: " + text);
    }
    return new Path(text, compile(text.substring(1), text, where), where);
  }

  /**
   * Compiles a reference path (ResultPath): definite, object members only, so that it can be
   * written.
   */
  static Reference reference(String text, String where) {
    JsonPath p = path(text, where).compiled();
    if (!p.isDefinite()) {
      throw new UnsupportedDefinitionException(
          where + ": " + text + " is not a reference path (it must select one node)");
    }
    String normalized = p.getPath();
    List<String> keys = new ArrayList<>();
    Matcher m = SEGMENT.matcher(normalized);
    int at = 1; // after "$"
    while (m.find() && m.start() == at) {
      keys.add(m.group(1).replaceAll("\\\\(.)", "$1"));
      at = m.end();
    }
    if (!normalized.startsWith("$") || at != normalized.length()) {
      throw new UnsupportedDefinitionException(
          where
              + ": "
              + text
              + " is not supported as a reference path (only object fields, e.g. $.a.b)");
    }
    return new Reference(text, List.copyOf(keys), where);
  }

  private static JsonPath compile(String jsonPath, String text, String where) {
    try {
      return JsonPath.compile(jsonPath);
    } catch (InvalidPathException e) {
      throw new UnsupportedDefinitionException(
          where + ": " + text + " is not a valid path: " + e.getMessage());
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
