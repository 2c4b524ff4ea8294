package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusSetTest {

  @Test
  void rangesAreInclusive() {
    StatusSet s = StatusSet.parse("200-299");
    assertThat(s.contains(199)).isFalse();
    assertThat(s.contains(200)).isTrue();
    assertThat(s.contains(250)).isTrue();
    assertThat(s.contains(299)).isTrue();
    assertThat(s.contains(300)).isFalse();
  }

  @Test
  void codesAndRangesMix() {
    StatusSet s = StatusSet.parse(" 429 , 500-504,599");
    assertThat(s.contains(429)).isTrue();
    assertThat(s.contains(430)).isFalse();
    assertThat(s.contains(500)).isTrue();
    assertThat(s.contains(504)).isTrue();
    assertThat(s.contains(505)).isFalse();
    assertThat(s.contains(599)).isTrue();
    assertThat(s.contains(0)).isFalse();
    assertThat(s.contains(-1)).isFalse();
    assertThat(s).hasToString("429,500-504,599");
  }

  @Test
  void singleCodeRangeNormalises() {
    assertThat(StatusSet.parse("503-503")).hasToString("503");
    assertThat(StatusSet.parse("503-503")).isEqualTo(StatusSet.parse("503"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "abc",
        "99",
        "600",
        "1000",
        "429,",
        ",429",
        "500-",
        "-500",
        "504-500",
        "500-600",
        "4xx",
        "200 - 2 99",
        "+200"
      })
  void rejectsBadLists(String spec) {
    assertThatThrownBy(() -> StatusSet.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("e.g.");
  }
}
