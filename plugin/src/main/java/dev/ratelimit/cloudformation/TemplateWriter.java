package dev.ratelimit.cloudformation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.TemplateFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** Serializes a template in the chosen format, deterministically. */
public final class TemplateWriter {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

  // Literal blocks keep the embedded definition readable; numbers-as-strings and dates stay quoted
  // so that CloudFormation reads them as the strings they are (a YAML 1.1 reader would turn
  // 2010-09-09 into a date and "10" into a number).
  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .stringQuotingChecker(
              new StringQuotingChecker.Default() {
                private static final long serialVersionUID = 1L;

                @Override
                public boolean needToQuoteValue(String value) {
                  return DATE.matcher(value).matches() || super.needToQuoteValue(value);
                }
              })
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private TemplateWriter() {}

  public static String write(ObjectNode template, TemplateFormat format) {
    if (format == TemplateFormat.JSON) {
      return CanonicalJson.pretty(template);
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = YAML.createGenerator(out)) {
      CanonicalJson.write(template, gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
