package dev.ratelimit.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyNamingTest {

  @Test
  void aFunctionNameGivesItsProxyNumberBack() {
    String name = ProxyNaming.functionName("vendor-gateway", 12);

    assertThat(name).isEqualTo("vendor-gateway-proxy-12");
    assertThat(ProxyNaming.proxyNumber(name)).isEqualTo(12);
  }

  @Test
  void anArnNamesTheSameFunction() {
    assertThat(
            ProxyNaming.functionNameOf(
                "arn:aws:lambda:us-east-1:123456789012:function:vendor-gateway-proxy-2"))
        .isEqualTo("vendor-gateway-proxy-2");
    assertThat(ProxyNaming.functionNameOf("vendor-gateway-proxy-2"))
        .isEqualTo("vendor-gateway-proxy-2");
  }

  @Test
  void otherNamesAreNoProxy() {
    assertThat(ProxyNaming.proxyNumber("vendor-gateway-orchestrator")).isEqualTo(-1);
    assertThat(ProxyNaming.proxyNumber("vendor-gateway-proxy-")).isEqualTo(-1);
    assertThat(ProxyNaming.proxyNumber("vendor-gateway-proxy-x1")).isEqualTo(-1);
  }

  @Test
  void logicalIdsCarryTheNumber() {
    assertThat(ProxyNaming.logicalId(3)).isEqualTo("Proxy3");
  }
}
