package dev.ratelimit.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The streaming reader and writer give what Jackson's ObjectMapper gives for the same trees. */
class CanonicalJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode everyKind() {
    ObjectNode node = CanonicalJson.object();
    node.put("text", "a \"quoted\" line\nand ünïcode \u2028");
    node.put("int", 42);
    node.put("long", 1L << 40);
    node.put("big", new BigInteger("123456789012345678901234567890"));
    node.put("double", 2.5);
    node.put("true", true);
    node.putNull("null");
    node.set("array", CanonicalJson.array().add(1).add("two").add(CanonicalJson.object()));
    node.set("empty", CanonicalJson.array());
    node.set("z-last", CanonicalJson.object().put("b", 1).put("a", 2)); // order kept, not sorted
    return node;
  }

  @Test
  void compactIsWhatJsonNodeToStringGives() {
    assertThat(CanonicalJson.compact(everyKind())).isEqualTo(everyKind().toString());
  }

  @Test
  void prettyIsWhatTheObjectMapperWithTheSamePrinterGave() throws Exception {
    String pretty = CanonicalJson.pretty(everyKind());
    assertThat(pretty).endsWith("}\n").contains("\n  \"int\": 42,\n").doesNotContain("\r");
    assertThat(MAPPER.readTree(pretty)).isEqualTo(everyKind());
  }

  @Test
  void parseReadsWhatItWroteInOrder() throws Exception {
    JsonNode read = CanonicalJson.parse(CanonicalJson.pretty(everyKind()));
    assertThat(read).isEqualTo(MAPPER.readTree(CanonicalJson.pretty(everyKind())));
    assertThat(read.get("z-last").fieldNames()).toIterable().containsExactly("b", "a");
  }

  @Test
  void parseRefusesWhatIsNotOneJsonValue() {
    assertThatThrownBy(() -> CanonicalJson.parse("")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("{} {}")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\": }")).isInstanceOf(IOException.class);
  }
}
