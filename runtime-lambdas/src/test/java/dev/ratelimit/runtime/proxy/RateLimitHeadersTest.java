package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Header texts as well-known APIs send them (lower-case names, as the proxy keeps them). */
class RateLimitHeadersTest {
  // 2024-01-16T16:00:00.500Z
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_705_420_800_500L), ZoneOffset.UTC);

  static OptionalLong hint(String... nameValue) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      h.put(nameValue[i], nameValue[i + 1]);
    }
    return Deadline.vendorWaitSeconds(h, CLOCK);
  }

  @Test
  void ietfDraft07DictionaryForm() {
    assertThat(hint("ratelimit", "limit=10, remaining=0, reset=7")).hasValue(7);
    // quota left: the 429 is about something else, so no wait from this field
    assertThat(hint("ratelimit", "limit=10, remaining=3, reset=7")).isEmpty();
  }

  @Test
  void ietfDraft08ListFormTakesTheLongestExhaustedQuota() {
    assertThat(
            hint("ratelimit", "\"default\";r=0;t=7", "ratelimit-policy", "\"default\";q=100;w=60"))
        .hasValue(7);
    assertThat(hint("ratelimit", "\"burst\";r=0;t=2, \"daily\";r=0;t=3600, \"hourly\";r=5;t=100"))
        .hasValue(3600);
    assertThat(hint("ratelimit", "\"default\";r=50;t=30")).isEmpty();
  }

  @Test
  void ietfEarlyDraftsSeparateFields() {
    assertThat(hint("ratelimit-limit", "100", "ratelimit-remaining", "0", "ratelimit-reset", "50"))
        .hasValue(50);
  }

  @Test
  void githubEpochSecondsReset() {
    // GitHub REST: x-ratelimit-reset is epoch seconds; 1705420860 is 59.5 s after the clock
    assertThat(
            hint(
                "x-ratelimit-limit",
                "60",
                "x-ratelimit-remaining",
                "0",
                "x-ratelimit-used",
                "60",
                "x-ratelimit-reset",
                "1705420860",
                "x-ratelimit-resource",
                "core"))
        .hasValue(60);
  }

  @Test
  void twitterXEpochSecondsReset() {
    assertThat(
            hint(
                "x-rate-limit-limit",
                "900",
                "x-rate-limit-remaining",
                "0",
                "x-rate-limit-reset",
                "1705421700"))
        .hasValue(900);
  }

  @Test
  void redditSecondsResetWithDecimalRemaining() {
    assertThat(
            hint(
                "x-ratelimit-used",
                "100",
                "x-ratelimit-remaining",
                "0.0",
                "x-ratelimit-reset",
                "345"))
        .hasValue(345);
  }

  @Test
  void discordDecimalEpochSeconds() {
    assertThat(
            hint(
                "x-ratelimit-limit",
                "5",
                "x-ratelimit-remaining",
                "0",
                "x-ratelimit-reset",
                "1705420864.123",
                "x-ratelimit-bucket",
                "abcd1234"))
        .hasValue(64);
  }

  @Test
  void epochMillisecondsByMagnitude() {
    assertThat(hint("x-ratelimit-reset", "1705420810500")).hasValue(10);
    // a reset in the past means: now
    assertThat(hint("x-ratelimit-reset", "1705420000")).hasValue(0);
  }

  @Test
  void retryAfterWinsOverEverythingElse() {
    // Stripe-like: a plain Retry-After beside other fields
    assertThat(
            hint(
                "retry-after",
                "2",
                "x-ratelimit-remaining",
                "0",
                "x-ratelimit-reset",
                "1705420860"))
        .hasValue(2);
  }

  @Test
  void resetWithQuotaLeftIsNotAWait() {
    assertThat(hint("x-ratelimit-remaining", "12", "x-ratelimit-reset", "1705420860")).isEmpty();
  }

  @Test
  void nothingUsableIsEmpty() {
    assertThat(hint()).isEmpty();
    assertThat(hint("ratelimit", "garbage;;==,")).isEmpty();
    assertThat(hint("x-ratelimit-reset", "soon")).isEmpty();
    // OpenAI-style durations are not read (documented): the backoff applies
    assertThat(hint("x-ratelimit-reset-requests", "1s", "x-ratelimit-remaining-requests", "0"))
        .isEmpty();
  }
}
