package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SnapStart hooks' loopback server. */
class PrimingTest {
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static HttpResponse<String> get(String uri) throws Exception {
    // far beyond the server's read timeout: only a server stuck for good makes this fail
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(uri + "/x")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersEachRequestWithItsFixedResponse() throws Exception {
    try (Priming server = new Priming(429, "Retry-After: 1\r\n", "{}")) {
      HttpResponse<String> r = get(server.uri());
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("retry-after")).hasValue("1");
      assertThat(r.body()).isEqualTo("{}");
    }
  }

  @Test
  void aClientThatNeverSendsItsRequestDoesNotHoldUpTheNextOne() throws Exception {
    try (Priming server = new Priming(200, "", "ok")) {
      URI uri = URI.create(server.uri());
      try (Socket silent = new Socket(uri.getHost(), uri.getPort())) {
        assertThat(silent.isConnected()).isTrue(); // accepted first, then never writes a byte
        assertThat(get(server.uri()).body()).isEqualTo("ok");
      }
    }
  }

  @Test
  void itsUriReachesItOnAnIpv6Loopback() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
      assertThat(probe.getLocalPort()).isPositive();
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback on this machine: " + e);
    }
    try (Priming server = new Priming(200, "", "ok", v6)) {
      assertThat(server.uri()).startsWith("http://[");
      assertThat(get(server.uri()).body()).isEqualTo("ok");
    }
  }

  /**
   * The JDK's default proxy selector skips {@code [::1]} but not {@code [0:0:0:0:0:0:0:1]}: with a
   * configured HTTP proxy, a priming request to the long form would leave the machine.
   */
  @Test
  void itsUriIsOneTheDefaultProxySelectorNeverProxies() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    String host = System.getProperty("http.proxyHost");
    String port = System.getProperty("http.proxyPort");
    try (Priming server = new Priming(200, "", "ok", v6)) {
      System.setProperty("http.proxyHost", "203.0.113.9");
      System.setProperty("http.proxyPort", "9");
      assertThat(server.uri()).startsWith("http://[::1]:");
      assertThat(ProxySelector.getDefault().select(URI.create(server.uri())))
          .containsExactly(Proxy.NO_PROXY);
    } catch (IOException e) {
      assumeTrue(false, "no IPv6 loopback on this machine: " + e);
    } finally {
      restore("http.proxyHost", host);
      restore("http.proxyPort", port);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
