package dev.ratelimit.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ASL's {@code $}-paths, evaluated by Jayway JsonPath over Jackson trees. Paths are compiled
 * once, when the definition is loaded. Context-object paths ({@code $$.Execution.StartTime}, ...)
 * are accepted only where {@link #checkContextPath} allowed them: in payload templates.
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

  private final Map<String, JsonPath> compiled = new ConcurrentHashMap<>();
  private final Map<String, List<String>> references = new ConcurrentHashMap<>();

  /** Compiles a path for reading; {@code where} names the place for the message. */
  void checkPath(String path, String where) {
    compile(path, where);
  }

  /** Whether {@code path} reads the context object ({@code $$...}). */
  static boolean isContextPath(String path) {
    return path != null && path.startsWith("$$");
  }

  /**
   * Compiles a context-object path ({@code $$.Execution.StartTime}); {@link #read} then evaluates
   * it against the context object the caller passes as the document.
   */
  void checkContextPath(String path, String where) {
    if (!isContextPath(path)) {
      throw new IllegalArgumentException("not a context path: " + path);
    }
    compiled.computeIfAbsent(
        path,
        p -> {
          try {
            return JsonPath.compile(p.substring(1));
          } catch (InvalidPathException e) {
            throw new UnsupportedDefinitionException(
                where + ": " + p + " is not a valid path: " + e.getMessage());
          }
        });
  }

  /**
   * Checks a reference path (ResultPath): definite, object members only, so that it can be written.
   */
  void checkReference(String path, String where) {
    JsonPath p = compile(path, where);
    if (!p.isDefinite()) {
      throw new UnsupportedDefinitionException(
          where + ": " + path + " is not a reference path (it must select one node)");
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
              + path
              + " is not supported as a reference path (only object fields, e.g. $.a.b)");
    }
    references.put(path, List.copyOf(keys));
  }

  private JsonPath compile(String path, String where) {
    if (path == null || !path.startsWith("$")) {
      throw new UnsupportedDefinitionException(
          where + ": " + path + " is not a path (it must" + " start with $)");
    }
    if (path.startsWith("$$")) {
      throw new UnsupportedDefinitionException(
          where
              + ": "
              + path
              + " reads the context object"
              + " ($$), which the local executor supports only in Parameters and ResultSelector");
    }
    return compiled.computeIfAbsent(
        path,
        p -> {
          try {
            return JsonPath.compile(p);
          } catch (InvalidPathException e) {
            throw new UnsupportedDefinitionException(
                where + ": " + p + " is not a valid path: " + e.getMessage());
          }
        });
  }

  /**
   * The node the path selects.
   *
   * @throws StatesError {@code States.Runtime} when it selects nothing
   */
  JsonNode read(JsonNode document, String path, String where) {
    JsonPath p = compiled.get(path);
    if (p == null) {
      throw new IllegalStateException("path not checked at load: " + path);
    }
    Object value;
    try {
      value = p.read(document, CONFIGURATION);
    } catch (PathNotFoundException e) {
      throw StatesError.runtime(
          where
              + ": the JSONPath '"
              + path
              + "' could not be found in the input '"
              + abbreviate(document.toString())
              + "'");
    }
    if (value == null) {
      return NullNode.getInstance();
    }
    return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
  }

  /**
   * The document with {@code value} placed at the reference path (missing objects on the way are
   * created); {@code $} replaces the document.
   */
  JsonNode write(JsonNode document, String path, JsonNode value, String where) {
    List<String> keys = references.get(path);
    if (keys == null) {
      throw new IllegalStateException("reference path not checked at load: " + path);
    }
    if (keys.isEmpty()) {
      return value;
    }
    if (!document.isObject()) {
      throw StatesError.runtime(
          where + ": cannot apply ResultPath '" + path + "' to an input that is not an object");
    }
    ObjectNode root = ((ObjectNode) document).deepCopy();
    ObjectNode at = root;
    for (int i = 0; i < keys.size() - 1; i++) {
      JsonNode next = at.get(keys.get(i));
      if (next == null || next.isNull()) {
        next = at.putObject(keys.get(i));
      } else if (!next.isObject()) {
        throw StatesError.runtime(
            where
                + ": cannot apply ResultPath '"
                + path
                + "': '"
                + keys.get(i)
                + "' is not an object");
      }
      at = (ObjectNode) next;
    }
    at.set(keys.get(keys.size() - 1), value);
    return root;
  }

  static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
