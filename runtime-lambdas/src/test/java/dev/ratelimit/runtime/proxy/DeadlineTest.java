package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");

  /**
   * Milliseconds from {@link #NOW} to the deadline: the call time left plus the proxy's answer
   * reserve.
   */
  static long left(Deadline d) {
    return d.callMillis(NOW) + Deadline.ANSWER_RESERVE_MILLIS;
  }

  @Test
  void startsAtTheExecutionsStartAsStepFunctionsWritesIt() {
    // started 10 s ago, 280 s deadline: 270 s left
    assertThat(left(Deadline.of("2026-12-02T03:59:50.000Z", null, 280, NOW))).isEqualTo(270_000);
    assertThat(left(Deadline.of("2026-12-02T03:59:50.250Z", null, 280, NOW))).isEqualTo(270_250);
    assertThat(left(Deadline.of("2026-12-02T03:59:50+00:00", null, 280, NOW))).isEqualTo(270_000);
    // unknown or unreadable start: counted from this invocation
    assertThat(left(Deadline.of(null, null, 280, NOW))).isEqualTo(280_000);
    assertThat(left(Deadline.of("yesterday", null, 280, NOW))).isEqualTo(280_000);
  }

  @Test
  void callerMayShortenButNeverLengthen() {
    assertThat(left(Deadline.of(NOW.toString(), Map.of(Deadline.TIMEOUT_HEADER, "20"), 280, NOW)))
        .isEqualTo(20_000);
    assertThat(left(Deadline.of(NOW.toString(), Map.of(Deadline.TIMEOUT_HEADER, "9999"), 280, NOW)))
        .isEqualTo(280_000);
    assertThat(left(Deadline.of(NOW.toString(), Map.of(Deadline.TIMEOUT_HEADER, "-5"), 280, NOW)))
        .isEqualTo(280_000);
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
