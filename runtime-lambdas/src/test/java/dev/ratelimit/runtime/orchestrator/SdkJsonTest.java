package dev.ratelimit.runtime.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The glue between the orchestrator and the SDK's JSON support. */
class SdkJsonTest {
  @Test
  void writesTreesInIterationOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", List.of(true, 2L, "x"));
    m.put("n", null);
    m.put("o", Map.of());

    assertThat(SdkJson.write(m)).isEqualTo("{\"b\":1,\"a\":[true,2,\"x\"],\"n\":null,\"o\":{}}");
  }

  @Test
  void escapesWhatJsonRequiresAndKeepsEveryCharacter() {
    String s = "q\"b\\n\n\t\u0001caf\u00e9\ud83d\ude00 lone\ud800";

    String json = SdkJson.write(Map.of("s", s));

    assertThat(json).doesNotContain("\n", "\t", "\u0001").contains("caf\u00e9");
    assertThat(SdkJson.parseObject(json).map(n -> SdkJson.string(n, "s"))).contains(s);
  }

  @Test
  void refusesValuesItCannotWrite() {
    assertThatThrownBy(() -> SdkJson.write(Map.of("d", 1.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseObjectIsEmptyForAnythingButAnObject() {
    for (String text :
        Arrays.asList(null, "", "not json", "[1]", "\"s\"", "1", "{\"a\":", "{\"a\" 1}")) {
      assertThat(SdkJson.parseObject(text)).as(String.valueOf(text)).isEmpty();
    }
  }

  @Test
  void typedReadsAcceptOnlyTheirType() {
    JsonNode n =
        SdkJson.parseObject(
                "{\"s\":\"x\",\"b\":true,\"i\":42,\"f\":4.2,\"e\":1e3,\"big\":"
                    + "123456789012345678901234567890,\"neg\":-7,\"nul\":null}")
            .orElseThrow();

    assertThat(SdkJson.string(n, "s")).isEqualTo("x");
    assertThat(SdkJson.string(n, "i")).isNull();
    assertThat(SdkJson.bool(n, "b")).isTrue();
    assertThat(SdkJson.bool(n, "s")).isNull();
    assertThat(SdkJson.whole(n, "i")).isEqualTo(42L);
    assertThat(SdkJson.whole(n, "neg")).isEqualTo(-7L);
    assertThat(SdkJson.whole(n, "f")).isNull();
    assertThat(SdkJson.whole(n, "e")).isNull();
    assertThat(SdkJson.whole(n, "big")).isNull();
    assertThat(SdkJson.whole(n, "s")).isNull();
    assertThat(SdkJson.whole(n, "nul")).isNull();
    assertThat(SdkJson.whole(n, "missing")).isNull();
  }
}
