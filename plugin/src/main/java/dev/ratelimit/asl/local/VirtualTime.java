package dev.ratelimit.asl.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time: {@link #sleep} advances it instantly, nothing else does (a Lambda invocation
 * takes no simulated time). {@link #asClock()} lets a proxy's {@code Retry-After} HTTP dates read
 * the same time.
 */
public final class VirtualTime implements Sleeper {
  private final Instant start;
  private Instant now;

  VirtualTime(Instant start) {
    this.start = start;
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative sleep " + duration);
    }
    now = now.plus(duration);
  }

  /** How far time has advanced since the start. */
  public synchronized Duration elapsed() {
    return Duration.between(start, now);
  }

  /** A {@link Clock} that reads this simulated time (UTC). */
  public Clock asClock() {
    VirtualTime time = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("simulated time is UTC only");
      }

      @Override
      public Instant instant() {
        return time.now();
      }
    };
  }

  @Override
  public String toString() {
    return "simulated time at " + now();
  }
}
