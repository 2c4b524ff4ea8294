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
 * The simulation's callers: who sends request i, and when. A closed loop (each caller sends its
 * next request when its last one ended) or an open loop (request i at i / rate seconds after the
 * start, whatever the answers, with at most {@code concurrency} in flight).
 */
final class Callers {
  private Callers() {}

  /**
   * Sends requests 0 to {@code total} − 1 through {@code request} on daemon threads and returns
   * when every one has ended.
   *
   * @param arrivalRatePerSecond 0 for a closed loop; above 0 an open loop at that rate
   * @throws IllegalStateException when a request failed (the cause is its exception)
   */
  static void send(int total, int concurrency, double arrivalRatePerSecond, IntConsumer request)
      throws InterruptedException {
    int threads = Math.min(concurrency, total);
    ExecutorService callers =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
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
                      request.accept(index);
                    } finally {
                      slots.release();
                    }
                    return null;
                  }));
        }
      } else {
        AtomicInteger next = new AtomicInteger();
        for (int c = 0; c < threads; c++) {
          futures.add(
              callers.submit(
                  () -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                      request.accept(i);
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
