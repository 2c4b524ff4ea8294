package dev.ratelimit.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsByTheMultiplierUntilTheCap() {
    Backoff b = new Backoff(1, 2.0, 30, false);
    assertThat(
            new int[] {
              b.capSeconds(1),
              b.capSeconds(2),
              b.capSeconds(3),
              b.capSeconds(4),
              b.capSeconds(5),
              b.capSeconds(6),
              b.capSeconds(7)
            })
        .containsExactly(1, 2, 4, 8, 16, 30, 30);
    assertThat(b.capSeconds(10_000))
        .isEqualTo(30); // multiplier^n overflows to infinity: still the cap
  }

  @Test
  void fractionalGrowthRoundsUp() {
    Backoff b = new Backoff(1, 1.5, 100, false);
    // 1, 1.5, 2.25, 3.375, 5.0625
    assertThat(
            new int[] {
              b.capSeconds(1), b.capSeconds(2), b.capSeconds(3), b.capSeconds(4), b.capSeconds(5)
            })
        .containsExactly(1, 2, 3, 4, 6);
  }

  @Test
  void floatingPointNoiseDoesNotAddASecond() {
    // 10 × 1.1 is 11.000000000000002 in binary floating point
    assertThat(new Backoff(10, 1.1, 100, false).capSeconds(2)).isEqualTo(11);
    assertThat(new Backoff(10, 1.1, 100, false).capSeconds(3)).isEqualTo(13); // 12.1 → 13
  }

  @Test
  void initialZeroNeverWaits() {
    Backoff b = new Backoff(0, 2.0, 30, true);
    SplittableRandom random = new SplittableRandom(1);
    for (int attempt = 1; attempt <= 20; attempt++) {
      assertThat(b.capSeconds(attempt)).isZero();
      assertThat(b.draw(attempt, random)).isZero();
    }
  }

  @Test
  void noJitterDrawsTheCap() {
    Backoff b = new Backoff(3, 2.0, 20, false);
    assertThat(b.draw(1, new SplittableRandom(5))).isEqualTo(3);
    assertThat(b.draw(3, new SplittableRandom(5))).isEqualTo(12);
    assertThat(b.draw(4, new SplittableRandom(5))).isEqualTo(20);
  }

  @Test
  void fullJitterCoversZeroToTheCapInclusive() {
    Backoff b = new Backoff(1, 2.0, 30, true);
    SplittableRandom random = new SplittableRandom(42);
    TreeSet<Integer> seen = new TreeSet<>();
    for (int i = 0; i < 2000; i++) {
      int w = b.draw(3, random); // cap 4
      assertThat(w).isBetween(0, 4);
      seen.add(w);
    }
    assertThat(seen).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void seededDrawsRepeat() {
    Backoff b = new Backoff(2, 3.0, 60, true);
    SplittableRandom r1 = new SplittableRandom(99);
    SplittableRandom r2 = new SplittableRandom(99);
    for (int attempt = 1; attempt <= 6; attempt++) {
      assertThat(b.draw(attempt, r1)).isEqualTo(b.draw(attempt, r2));
    }
  }

  @Test
  void rejectsInvalidArguments() {
    assertThatThrownBy(() -> new Backoff(-1, 2.0, 30, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(1, 0.5, 30, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(1, Double.NaN, 30, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(1, 2.0, -1, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(1, 2.0, 30, true).capSeconds(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
