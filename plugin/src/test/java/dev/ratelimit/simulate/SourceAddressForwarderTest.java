package dev.ratelimit.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Each proxy's client reaches the mock from its own loopback address. */
class SourceAddressForwarderTest {

  @Test
  void theMockSeesOneSourcePerForwarder() throws Exception {
    try (MockVendorApi mock = MockVendorApi.start(MockVendorApi.Settings.limit(100, 100, 1));
        SourceAddressForwarder two =
            SourceAddressForwarder.start(SourceAddressForwarder.loopback(2), mock.address());
        SourceAddressForwarder three =
            SourceAddressForwarder.start(SourceAddressForwarder.loopback(3), mock.address())) {
      HttpClient viaTwo =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .proxy(two.selector())
              .build();
      HttpClient viaThree =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .proxy(three.selector())
              .build();
      URI uri = URI.create(mock.baseUrl() + "/items/1");
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r =
            viaTwo.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"source\":\"127.0.0.2\"").contains("/items/1");
      }
      HttpResponse<String> r =
          viaThree.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("\"source\":\"127.0.0.3\"");
      assertThat(mock.counts()).containsOnlyKeys("127.0.0.2", "127.0.0.3");
      assertThat(mock.counts().get("127.0.0.2").requests()).isEqualTo(3);
      assertThat(mock.counts().get("127.0.0.3").requests()).isEqualTo(1);
    }
  }
}
