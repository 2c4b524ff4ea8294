package dev.ratelimit.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The simulation's callers: {@code concurrency} threads that send requests 0 … total − 1, either in
 * a closed loop (each caller sends its next request when its last one ended) or in an open loop (a
 * dispatcher sends request i at i / rate seconds, whatever the answers, at most {@code concurrency}
 * in flight).
 */
final class Callers {
  private Callers() {}

  /**
   * Sends every request through {@code one} and returns when all have ended.
   *
   * @param arrivalRatePerSecond 0 for the closed loop, above 0 for the open loop
   * @throws IllegalStateException when a request failed
   */
  static void send(int total, int concurrency, double arrivalRatePerSecond, IntConsumer one)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    int threads = Math.min(concurrency, total);
    ExecutorService callers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "simulated-caller");
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> futures = new ArrayList<>();
    try {
      if (arrivalRatePerSecond > 0) {
        // open loop: a dispatcher sends on schedule; the pool caps what is in flight
        Semaphore slots = new Semaphore(threads);
        long[] offsets = arrivalOffsetsNanos(total, arrivalRatePerSecond);
        long origin = System.nanoTime();
        for (int i = 0; i < total; i++) {
          long wait = origin + offsets[i] - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          slots.acquire();
          int index = i;
          futures.add(
              callers.submit(
                  () -> {
                    try {
                      one.accept(index);
                    } finally {
                      slots.release();
                    }
                    return null;
                  }));
        }
      } else {
        for (int c = 0; c < threads; c++) {
          futures.add(
              callers.submit(
                  () -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                      one.accept(i);
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulated caller failed: " + e.getCause(), e.getCause());
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * The open loop's schedule: request i is sent {@code round(i * 1e9 / rate)} nanoseconds after the
   * start (request 0 at once), so arrivals are evenly spaced at the given rate.
   *
   * @param rate arrivals per second, above 0
   */
  static long[] arrivalOffsetsNanos(int requests, double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("arrival rate must be above 0: " + rate);
    }
    long[] offsets = new long[requests];
    for (int i = 0; i < requests; i++) {
      offsets[i] = Math.round(i * 1e9 / rate);
    }
    return offsets;
  }
}
