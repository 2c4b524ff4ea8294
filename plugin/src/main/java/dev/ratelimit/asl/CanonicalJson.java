package dev.ratelimit.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The one JSON style of every generated file: two-space indent, {@code "key": value}, LF line ends
 * on every OS, and a final newline, so output is byte-identical wherever it is generated.
 */
public final class CanonicalJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

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
    return MAPPER.createObjectNode();
  }

  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
