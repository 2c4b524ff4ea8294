package dev.ratelimit.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.model.InvalidConfigurationException;
import dev.ratelimit.model.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits only the finished output shows: Lambda's 4 KB of environment variables per function. */
class GatewayLimitsTest {
  static final RuntimeBundle JARS =
      new RuntimeBundle(
          "p".getBytes(StandardCharsets.UTF_8),
          "s".getBytes(StandardCharsets.UTF_8),
          "o".getBytes(StandardCharsets.UTF_8));

  static WorkflowSpec.Builder spec() {
    return WorkflowSpec.builder().workflowName("env").targetUrl("https://api.vendor.example/v1");
  }

  @Test
  void manyForwardHeadersOverflowTheEnvironmentWithTheNumberInTheMessage() {
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      headers.add("x-vendor-custom-header-" + i);
    }
    assertThatThrownBy(
            () -> new GatewayGenerator().generate(spec().forwardHeaders(headers).build(), JARS))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("forwardHeaders")
        .hasMessageContaining("over Lambda's limit of 4096 bytes");
  }

  @Test
  void aLongTargetUrlOverflowsTheProxysEnvironment() {
    String url = "https://api.vendor.example/" + "v".repeat(4_000);
    assertThatThrownBy(() -> new GatewayGenerator().generate(spec().targetUrl(url).build(), JARS))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("targetUrl")
        .hasMessageContaining("proxy function's environment");
  }

  @Test
  void aTemplateOverOneMillionBytesIsRefusedWithTheNumber() {
    // 50 proxies × 95 attempts in YAML: 1,046,974 bytes, under 1,048,576 but over the 1 MB
    // (1,000,000 bytes)
    // that CloudFormation documents and cfn-lint's E1002 enforces
    WorkflowSpec big =
        spec().proxies(50).maxAttempts(95).workflowType("STANDARD").templateFormat("YAML").build();
    assertThatThrownBy(() -> new GatewayGenerator().generate(big, JARS))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("proxies")
        .hasMessageContaining("the template would be 1046974 bytes")
        .hasMessageContaining("1 MB limit for a template in S3 (1000000 bytes)");
  }

  @Test
  void theDefaultsFitWithRoom() {
    assertThat(new GatewayGenerator().generate(spec().build(), JARS)).isNotEmpty();
  }
}
