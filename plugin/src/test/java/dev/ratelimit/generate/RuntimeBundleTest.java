package dev.ratelimit.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.cloudformation.FunctionCode;
import org.junit.jupiter.api.Test;

/** The digests the plugin's build wrote beside the bundled jars are those of the jars. */
class RuntimeBundleTest {
  private final RuntimeBundle bundled = RuntimeBundle.load();

  @Test
  void bundledDigestsAreTheJarsDigests() {
    byte[] proxy = bundled.proxyFor(false);
    byte[] proxyWithSecrets = bundled.proxyFor(true);
    byte[] orchestrator = bundled.orchestrator();
    assertThat(bundled.code(false))
        .isEqualTo(FunctionCode.of(proxy, orchestrator))
        .isEqualTo(new RuntimeBundle(proxy, proxyWithSecrets, orchestrator).code(false));
    assertThat(bundled.code(true)).isEqualTo(FunctionCode.of(proxyWithSecrets, orchestrator));
    assertThat(bundled.code(true).proxySha256()).isNotEqualTo(bundled.code(false).proxySha256());
  }
}
