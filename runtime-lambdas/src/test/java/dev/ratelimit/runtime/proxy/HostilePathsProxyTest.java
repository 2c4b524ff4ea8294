package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ratelimit.runtime.contract.ProxyError;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PathTable} against the proxy aimed at a real HTTP server on 127.0.0.1: every hostile
 * target is an InvalidRequest result and the server sees nothing; every legitimate one arrives
 * exactly as sent.
 */
@ExtendWith(VendorStub.class)
class HostilePathsProxyTest {
  static WireMockServer wm;

  @BeforeAll
  static void vendor() {
    wm = ProxyHandlerTest.wm;
  }

  @BeforeEach
  void answerEverything() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
  }

  static ProxyRequest request(String path, String query) {
    return new ProxyRequest(
        new HttpRequestData("GET", path, query, new LinkedHashMap<>(), null, false), 1);
  }

  @ParameterizedTest
  @MethodSource("dev.ratelimit.runtime.proxy.PathTable#hostile")
  void hostileTargetsNeverReachTheNetwork(String path, String query) {
    ProxyResult r = ProxyHandlerTest.handler().handle(request(path, query));

    assertThat(r.getError()).as(path + "?" + query).isEqualTo(ProxyError.INVALID_REQUEST);
    assertThat(r.getStatusCode()).isZero();
    assertThat(r.getWaitSeconds()).isZero();
    assertThat(r.getCause()).startsWith("{\"status\":0,\"error\":\"InvalidRequest\"");
    assertThat(wm.getAllServeEvents()).as(path + "?" + query).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.ratelimit.runtime.proxy.PathTable#legitimate")
  void legitimateTargetsArriveAsSent(String path, String query) {
    ProxyResult r = ProxyHandlerTest.handler().handle(request(path, query));

    assertThat(r.getError()).as(path + "?" + query).isEmpty();
    assertThat(wm.getAllServeEvents()).hasSize(1);
    assertThat(wm.getAllServeEvents().get(0).getRequest().getUrl())
        .isEqualTo("/base" + path + (query.isEmpty() ? "" : "?" + query));
  }
}
