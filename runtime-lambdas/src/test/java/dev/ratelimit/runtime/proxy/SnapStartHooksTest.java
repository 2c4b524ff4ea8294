package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SnapStart and the proxy: nothing random is fixed at init (which the snapshot would hold for every
 * restored environment), the generator is seeded at the first draw and again after every restore,
 * and the priming before the snapshot stays on the machine.
 */
@ExtendWith(VendorStub.class)
class SnapStartHooksTest {

  private static ProxyHandler fullJitter() {
    return fullJitter(null);
  }

  private static ProxyHandler fullJitter(Random random) {
    ProxyConfig config =
        ProxyConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.TARGET_URL,
                "https://api.example",
                EnvironmentNames.BACKOFF_MAX_DELAY_SECONDS,
                "1000",
                EnvironmentNames.BACKOFF_INITIAL_DELAY_SECONDS,
                "1000"));
    return new ProxyHandler(
        config, ProxyHandler.newHttpClient(config), ProxyHandlerTest.CLOCK, random);
  }

  // A deadline far beyond the 1000 s backoff: the draw is never cut.
  private static final Deadline FAR =
      Deadline.of(null, null, Deadline.STANDARD_MAX_SECONDS, ProxyHandlerTest.CLOCK.instant());

  private static List<Integer> draws(ProxyHandler h) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      out.add(
          h.next(
              503, "", Map.of(), 1, FAR)); // a retryable status without Retry-After: a jitter draw
    }
    return out;
  }

  @Test
  void noGeneratorExistsBeforeTheFirstDrawAndEnvironmentsDrawDifferentWaits() throws Exception {
    ProxyHandler first = fullJitter();
    ProxyHandler second = fullJitter();
    Field random = ProxyHandler.class.getDeclaredField("random");
    random.setAccessible(true);
    assertThat(random.get(first)).as("a generator made at init would be in the snapshot").isNull();
    List<Integer> a = draws(first);
    assertThat(random.get(first)).isNotNull();
    assertThat(a).isNotEqualTo(draws(second));
  }

  @Test
  void theHooksRunTwiceDrawDifferentWaitsAfterEachRestore() throws Exception {
    // Two environments restored from one snapshot start with the same generator state: the one
    // their init (and priming) left in it.
    ProxyHandler first = fullJitter(new Random(42));
    ProxyHandler second = fullJitter(new Random(42));
    assertThat(draws(first)).as("without the hook: retries in step").isEqualTo(draws(second));

    first.beforeCheckpoint(null);
    second.beforeCheckpoint(null);
    first.afterRestore(null);
    second.afterRestore(null);
    List<Integer> a = draws(first);
    assertThat(a).isNotEqualTo(draws(second));
    // and a second restore of the same environment draws anew again
    first.beforeCheckpoint(null);
    first.afterRestore(null);
    assertThat(draws(first)).isNotEqualTo(a);
  }

  @Test
  void primingRunsTheWholeRequestPathAgainstLoopbackNeverTheVendor() throws Exception {
    ProxyHandler handler = ProxyHandlerTest.handler();
    List<String> metrics = new ArrayList<>();
    handler.withMetrics("ns", "wf", "proxy-1", metrics::add);

    ProxyResult primed = handler.prime();

    assertThat(primed.getStatusCode()).isEqualTo(429);
    assertThat(primed.getWaitSeconds()).as("Retry-After honoured: that path ran too").isEqualTo(1);
    assertThat(ProxyHandlerTest.wm.getAllServeEvents()).isEmpty();
    assertThat(metrics).as("the priming's attempt is no metric of this proxy").isEmpty();
  }

  @Test
  void primingWithAVendorKeyUsesAStandInNotTheKeySource() throws Exception {
    ProxyConfig config =
        ProxyConfig.fromEnvironment(
            Map.of(
                EnvironmentNames.TARGET_URL,
                "http://127.0.0.1:" + ProxyHandlerTest.wm.port() + "/",
                EnvironmentNames.API_KEY_SECRET_ARN,
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf",
                EnvironmentNames.API_KEY_HEADER,
                "x-api-key"));
    AtomicInteger fetches = new AtomicInteger();
    ProxyHandler handler =
        new ProxyHandler(
            config,
            ProxyHandler.newHttpClient(config),
            ProxyHandlerTest.CLOCK,
            null,
            () -> {
              fetches.incrementAndGet();
              return "the-real-key";
            });

    assertThat(handler.prime().getStatusCode()).isEqualTo(429);
    assertThat(fetches)
        .as("the secret is fetched on the first request, never into the snapshot")
        .hasValue(0);
    assertThat(ProxyHandlerTest.wm.getAllServeEvents()).isEmpty();
  }
}
