package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart and the proxy's jitter: nothing random is fixed at init (which the snapshot would hold
 * for every restored environment); the generator is seeded at the first draw.
 */
class SnapStartHooksTest {

  private static ProxyHandler fullJitter() {
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
        config, ProxyHandler.newHttpClient(config), ProxyHandlerTest.CLOCK, null);
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
}
