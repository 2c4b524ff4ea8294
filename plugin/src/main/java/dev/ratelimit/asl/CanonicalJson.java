package dev.ratelimit.asl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.Map;

/**
 * The one JSON style of every generated file: two-space indent, {@code "key": value}, LF line ends
 * on every OS, and a final newline, so output is byte-identical wherever it is generated.
 *
 * <p>Trees are read and written with Jackson's streaming API only: an {@code ObjectMapper} would
 * load its serializer and deserializer machinery (a few hundred classes) into every {@code
 * generate}, which only ever writes trees of objects, arrays, strings, numbers and booleans.
 */
public final class CanonicalJson {
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final DefaultPrettyPrinter PRINTER;

  static {
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    PRINTER =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(lf)
            .withArrayIndenter(lf);
  }

  private CanonicalJson() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** The node in the canonical style, with a final newline. */
  public static String pretty(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      gen.setPrettyPrinter(PRINTER.createInstance());
      write(node, gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  /** The node on one line, no spaces (as {@code JsonNode.toString()}). */
  public static String compact(JsonNode node) {
    StringWriter out = new StringWriter();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, Writer out) {
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      write(node, gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a tree through any generator (JSON or YAML), field order kept. */
  public static void write(JsonNode node, JsonGenerator gen) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        gen.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          gen.writeFieldName(field.getKey());
          write(field.getValue(), gen);
        }
        gen.writeEndObject();
      }
      case ARRAY -> {
        gen.writeStartArray();
        for (JsonNode element : node) {
          write(element, gen);
        }
        gen.writeEndArray();
      }
      case STRING -> gen.writeString(node.textValue());
      case BOOLEAN -> gen.writeBoolean(node.booleanValue());
      case NULL -> gen.writeNull();
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> gen.writeNumber(node.intValue());
          case LONG -> gen.writeNumber(node.longValue());
          case BIG_INTEGER -> gen.writeNumber(node.bigIntegerValue());
          case FLOAT -> gen.writeNumber(node.floatValue());
          case DOUBLE -> gen.writeNumber(node.doubleValue());
          default -> gen.writeNumber(node.decimalValue());
        }
      }
      default ->
          throw new IllegalArgumentException("a generated tree holds no " + node.getNodeType());
    }
  }

  /** Reads JSON text into a tree, field order kept; one value, nothing after it. */
  public static JsonNode parse(String text) throws IOException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IOException("no JSON value");
      }
      JsonNode node = read(parser, first);
      if (parser.nextToken() != null) {
        throw new IOException("more than one JSON value");
      }
      return node;
    }
  }

  private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = object();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, read(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = array();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(read(parser, t));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(parser.getDoubleValue()); // as ObjectMapper reads it
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IOException("unexpected " + token);
    }
  }
}
