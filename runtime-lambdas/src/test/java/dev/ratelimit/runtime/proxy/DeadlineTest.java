package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");

    @Test
    void startsAtTheExecutionsStartInEveryFormStepFunctionsAndMotoWrite() {
        assertThat(Deadline.of("2026-12-02T03:59:50.000Z", null, 280, NOW).at())
                .isEqualTo(Instant.parse("2026-12-02T04:04:30Z"));
        assertThat(Deadline.of("2026-12-02T03:59:50+00:00", null, 280, NOW).at())
                .isEqualTo(Instant.parse("2026-12-02T04:04:30Z"));
        assertThat(Deadline.of("2026-12-02T03:59:50.000000", null, 280, NOW).at())
                .isEqualTo(Instant.parse("2026-12-02T04:04:30Z"));
        // unknown start: counted from this invocation
        assertThat(Deadline.of(null, null, 280, NOW).at()).isEqualTo(NOW.plusSeconds(280));
        assertThat(Deadline.of("yesterday", null, 280, NOW).at()).isEqualTo(NOW.plusSeconds(280));
    }

    @Test
    void callerMayShortenButNeverLengthen() {
        assertThat(Deadline.of(NOW.toString(), Map.of(Deadline.TIMEOUT_HEADER, "20"), 280, NOW).at())
                .isEqualTo(NOW.plusSeconds(20));
        assertThat(Deadline.of(NOW.toString(), Map.of(Deadline.TIMEOUT_HEADER, "9999"), 280, NOW).at())
                .isEqualTo(NOW.plusSeconds(280));
        assertThat(Deadline.of(NOW.toString(), Map.of(Deadline.TIMEOUT_HEADER, "-5"), 280, NOW).at())
                .isEqualTo(NOW.plusSeconds(280));
        assertThat(Deadline.callerTimeoutSeconds("0")).isEqualTo(-1);
        assertThat(Deadline.callerTimeoutSeconds("1.5")).isEqualTo(-1);
        assertThat(Deadline.callerTimeoutSeconds(" 30 ")).isEqualTo(30);
    }

    @Test
    void whatFits() {
        Deadline d = Deadline.of(NOW.toString(), null, 20, NOW);
        assertThat(d.callMillis(NOW)).isEqualTo(19_000);
        // 19 s − 2 s to the next call − 1 s for that call
        assertThat(d.longestWaitSeconds(NOW)).isEqualTo(16);
        assertThat(d.longestWaitSeconds(NOW.plusSeconds(16))).isZero();
        assertThat(d.longestWaitSeconds(NOW.plusSeconds(17))).isNegative();
    }
}
