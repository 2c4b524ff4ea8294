package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mock vendor API: one token bucket per source address, Retry-After, seeded faults. */
class MockVendorApiTest {

  /** One plain HTTP/1.1 request from {@code source}; returns the status line and headers. */
  static String get(MockVendorApi mock, InetAddress source) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(mock.address(), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /items HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return answer.isEmpty() ? "RESET" : answer;
    } catch (SocketException e) {
      return "RESET";
    }
  }

  static int status(String answer) {
    return answer.equals("RESET") ? 0 : Integer.parseInt(answer.substring(9, 12));
  }

  static String header(String answer, String name) {
    for (String line : answer.split("\r\n")) {
      if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  @Test
  void eachSourceAddressHasItsOwnBucket() throws IOException {
    try (MockVendorApi mock = MockVendorApi.start(MockVendorApi.Settings.limit(1, 3, 1))) {
      InetAddress a = SourceAddressForwarder.loopback(2);
      InetAddress b = SourceAddressForwarder.loopback(3);
      List<Integer> fromA = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fromA.add(status(get(mock, a)));
      }
      List<Integer> fromB = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        fromB.add(status(get(mock, b)));
      }
      assertThat(fromA).containsExactly(200, 200, 200, 429);
      assertThat(fromB).containsExactly(200, 200, 200);
      assertThat(mock.counts()).containsOnlyKeys("127.0.0.2", "127.0.0.3");
      assertThat(mock.counts().get("127.0.0.2").limited()).isEqualTo(1);
      assertThat(mock.counts().get("127.0.0.3").ok()).isEqualTo(3);
      assertThat(mock.totalRequests()).isEqualTo(7);
    }
  }

  @Test
  void a429SaysInWholeSecondsWhenTheNextTokenComes() throws IOException {
    // 1 token per second: after the burst, the next token is under a second away -> Retry-After 1
    try (MockVendorApi mock = MockVendorApi.start(MockVendorApi.Settings.limit(1, 1, 1))) {
      InetAddress a = SourceAddressForwarder.loopback(4);
      assertThat(status(get(mock, a))).isEqualTo(200);
      String limited = get(mock, a);
      assertThat(status(limited)).isEqualTo(429);
      assertThat(header(limited, "Retry-After")).isEqualTo("1");
    }
  }

  @Test
  void theSameSeedGivesTheSameFaults() throws IOException {
    MockVendorApi.Settings faulty =
        new MockVendorApi.Settings(1000, 1000, 0.3, 0, 0.1, 0.1, 2048, 7);
    List<Integer> first = statuses(faulty);
    List<Integer> second = statuses(faulty);
    assertThat(first).isEqualTo(second).contains(200, 503, 0);
    MockVendorApi.Settings other =
        new MockVendorApi.Settings(1000, 1000, 0.3, 0, 0.1, 0.1, 2048, 8);
    assertThat(statuses(other)).isNotEqualTo(first);
  }

  private static List<Integer> statuses(MockVendorApi.Settings settings) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (MockVendorApi mock = MockVendorApi.start(settings)) {
      for (int i = 0; i < 40; i++) {
        out.add(status(get(mock, SourceAddressForwarder.loopback(5))));
      }
      assertThat(mock.counts().get("127.0.0.5").resets())
          .isEqualTo((int) out.stream().filter(s -> s == 0).count());
    }
    return out;
  }
}
