package dev.ratelimit.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusRangesTest {
  @Test
  void mergesOverlappingAndAdjacentRangesInOrder() {
    StatusRanges r = StatusRanges.parse("retryOn", "504,429, 500-502,503", "x");
    assertThat(r).hasToString("429,500-504");
    assertThat(r.ranges()).hasSize(2);
    assertThat(r.contains(503)).isTrue();
    assertThat(r.contains(505)).isFalse();
  }

  @Test
  void equalSetsAreEqualWhateverTheSpelling() {
    assertThat(StatusRanges.parse("p", "500-504", "x"))
        .isEqualTo(StatusRanges.parse("p", "504,503,502,501,500", "x"));
  }

  @Test
  void overlapIsDetected() {
    StatusRanges success = StatusRanges.parse("successOn", "200-299", "x");
    assertThat(StatusRanges.parse("retryOn", "429", "x").overlaps(success)).isFalse();
    assertThat(StatusRanges.parse("retryOn", "250-260", "x").overlaps(success)).isTrue();
  }
}
