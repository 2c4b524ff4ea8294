package dev.ratelimit.asl.local;

import java.time.Duration;
import java.time.Instant;

/**
 * Where an execution's time comes from: Wait states and retry intervals sleep here, and history
 * timestamps and the workflow's {@code TimeoutSeconds} read it. {@link #virtual} makes waits free
 * and runs repeatable; {@link #real} waits for real.
 */
public interface Sleeper {
  Instant now();

  /**
   * @throws SimulationInterruptedException when the thread is interrupted (real time only)
   */
  void sleep(Duration duration);

  /** Simulated time starting at {@code start}: sleeping advances it at once. */
  static VirtualTime virtual(Instant start) {
    return new VirtualTime(start);
  }

  /** The system clock and {@link Thread#sleep}. */
  static Sleeper real() {
    return new Sleeper() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleep(Duration duration) {
        try {
          Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SimulationInterruptedException(e);
        }
      }

      @Override
      public String toString() {
        return "real time";
      }
    };
  }

  /** The run was interrupted while it waited. */
  final class SimulationInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulationInterruptedException(InterruptedException cause) {
      super("interrupted while waiting", cause);
    }
  }
}
