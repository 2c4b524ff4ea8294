package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy's SnapStart hooks: priming stays on the machine, and restores draw different waits. */
class SnapStartHooksTest {

    @BeforeAll
    static void start() {
        ProxyHandlerTest.start();
    }

    @AfterAll
    static void stop() {
        ProxyHandlerTest.stop();
    }

    private static ProxyHandler fullJitter(Random random) {
        ProxyConfig config = ProxyConfig.fromEnvironment(java.util.Map.of(ProxyConfig.TARGET_URL,
                "http://127.0.0.1:" + ProxyHandlerTest.wm.port() + "/base/", ProxyConfig.BACKOFF_MAX_DELAY_SECONDS,
                "1000", ProxyConfig.BACKOFF_INITIAL_DELAY_SECONDS, "1000"));
        return new ProxyHandler(config, ProxyHandler.newHttpClient(config), ProxyHandlerTest.CLOCK, random);
    }

    private static List<Integer> draws(ProxyHandler h) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            out.add(h.waitSeconds(503, "", null, 1)); // a retryable status without Retry-After: a jitter draw
        }
        return out;
    }

    @Test
    void twoEnvironmentsRestoredFromOneSnapshotDrawDifferentWaits() throws Exception {
        // Two environments restored from one snapshot start with the same generator state.
        ProxyHandler first = fullJitter(new Random(42));
        ProxyHandler second = fullJitter(new Random(42));
        assertThat(draws(first)).isEqualTo(draws(second)); // without the hook: retries in step

        first.beforeCheckpoint(null);
        second.beforeCheckpoint(null);
        first.afterRestore(null);
        second.afterRestore(null);
        List<Integer> a = draws(first);
        List<Integer> b = draws(second);
        assertThat(a).isNotEqualTo(b);
        // and a second restore of the same environment draws anew again
        first.afterRestore(null);
        assertThat(draws(first)).isNotEqualTo(a);
    }

    @Test
    void primingRunsTheWholeRequestPathAgainstLoopbackNeverTheVendor() throws Exception {
        ProxyHandler handler = ProxyHandlerTest.handler();
        ProxyResult primed = handler.prime();
        assertThat(primed.getStatusCode()).isEqualTo(429);
        assertThat(primed.getWaitSeconds()).isEqualTo(1); // Retry-After honoured: that path ran too
        assertThat(ProxyHandlerTest.wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void primingWithAVendorKeyNeverFetchesTheKey() throws Exception {
        ProxyConfig config = ProxyConfig.fromEnvironment(java.util.Map.of(ProxyConfig.TARGET_URL,
                "http://127.0.0.1:" + ProxyHandlerTest.wm.port() + "/", ProxyConfig.API_KEY_SECRET_ARN,
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf", ProxyConfig.API_KEY_HEADER,
                "x-api-key"));
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        ProxyHandler handler = new ProxyHandler(config, ProxyHandler.newHttpClient(config), ProxyHandlerTest.CLOCK,
                null, () -> {
                    fetches.incrementAndGet();
                    return "the-real-key";
                });
        assertThat(handler.prime().getStatusCode()).isEqualTo(429);
        assertThat(fetches).hasValue(0); // the secret is fetched on the first real request, never into the snapshot
        assertThat(ProxyHandlerTest.wm.getAllServeEvents()).isEmpty();
    }
}
