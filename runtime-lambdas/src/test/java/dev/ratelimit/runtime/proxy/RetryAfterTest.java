package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  // Sunday 6 Nov 1994 08:49:30.250 UTC, the RFC's example date minus 7.25 s
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("1994-11-06T08:49:30.250Z"), ZoneOffset.UTC);

  @Test
  void deltaSeconds() {
    assertThat(Deadline.retryAfter("7", CLOCK)).hasValue(7);
    assertThat(Deadline.retryAfter(" 0 ", CLOCK)).hasValue(0);
    assertThat(Deadline.retryAfter("99999999999999999999999", CLOCK)).hasValue(Long.MAX_VALUE);
  }

  @Test
  void httpDateFormsRoundUp() {
    assertThat(Deadline.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", CLOCK)).hasValue(7); // 6.75 → 7
    assertThat(Deadline.retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", CLOCK)).hasValue(7);
    assertThat(Deadline.retryAfter("Sun Nov  6 08:49:37 1994", CLOCK)).hasValue(7);
    assertThat(Deadline.retryAfter("Sun, 6 Nov 1994 08:50:30 GMT", CLOCK)).hasValue(60);
  }

  @Test
  void pastDatesMeanNoWait() {
    assertThat(Deadline.retryAfter("Sun, 06 Nov 1994 08:00:00 GMT", CLOCK)).hasValue(0);
  }

  @Test
  void rfc850YearsMoreThanFiftyYearsAheadAreInThePast() {
    Clock y2030 = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    // "94" read as 2094 would be 64 years ahead, so it is 1994: in the past, no wait
    assertThat(Deadline.retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", y2030)).hasValue(0);
    // "30" is 2030
    assertThat(Deadline.retryAfter("Tuesday, 01-Jan-30 00:00:05 GMT", y2030)).hasValue(5);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "soon",
        "-5",
        "1.5",
        "7s",
        "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 06 Nov 1994 25:49:37 GMT"
      })
  void garbageIsIgnored(String value) {
    assertThat(Deadline.retryAfter(value, CLOCK)).isEqualTo(OptionalLong.empty());
  }

  @Test
  void absentIsIgnored() {
    assertThat(Deadline.retryAfter(null, CLOCK)).isEmpty();
  }
}
