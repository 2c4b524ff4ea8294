package dev.ratelimit.simulate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rate-limited vendor API on 127.0.0.1 (an ephemeral port), as an IP-based limiter sees its
 * callers: each source address has its own token bucket (Bucket4j) of {@code burst} tokens refilled
 * greedily at {@code ratePerSecond}. A request that finds its bucket empty gets 429 with {@code
 * Retry-After}: the whole seconds until the next token (at least 1). A request that gets a token
 * may still, by the source's seeded random draw, wait {@code latencyMillis}, get a 503, have its
 * connection cut, or get a body larger than the gateway carries; otherwise 200 with a small JSON
 * body. Every source draws from its own generator seeded from {@code seed} and its address, so the
 * same requests per source give the same answers.
 */
public final class MockVendorApi implements AutoCloseable {

  /**
   * @param ratePerSecond tokens per second per source (the limit R)
   * @param burst bucket capacity per source (starts full)
   * @param errorRate share of admitted requests answered 503
   * @param latencyMillis added before every answer
   * @param resetRate share of admitted requests whose connection is cut before a complete answer
   * @param oversizedRate share of admitted requests answered 200 with {@code oversizedBytes}
   * @param oversizedBytes size of an oversized body
   * @param seed the random seed
   */
  public record Settings(
      int ratePerSecond,
      int burst,
      double errorRate,
      int latencyMillis,
      double resetRate,
      double oversizedRate,
      int oversizedBytes,
      long seed) {
    public Settings {
      if (ratePerSecond < 1) {
        throw new IllegalArgumentException("ratePerSecond must be at least 1: " + ratePerSecond);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("burst must be at least 1: " + burst);
      }
      if (latencyMillis < 0) {
        throw new IllegalArgumentException("latencyMillis must not be negative: " + latencyMillis);
      }
      for (double rate : new double[] {errorRate, resetRate, oversizedRate}) {
        if (!(rate >= 0 && rate <= 1)) {
          throw new IllegalArgumentException("a rate must be from 0 to 1: " + rate);
        }
      }
      if (errorRate + resetRate + oversizedRate > 1) {
        throw new IllegalArgumentException("errorRate + resetRate + oversizedRate exceed 1");
      }
    }

    /** A clean limiter: R per second, bursts of {@code burst}, no faults. */
    public static Settings limit(int ratePerSecond, int burst, long seed) {
      return new Settings(ratePerSecond, burst, 0, 0, 0, 0, 300_000, seed);
    }
  }

  /** What one source address saw. */
  public record SourceCounts(
      int requests, int ok, int limited, int errors, int resets, int oversized) {
    @Override
    public String toString() {
      return requests
          + " requests: "
          + ok
          + " ok, "
          + limited
          + " limited (429), "
          + errors
          + " errors (503), "
          + resets
          + " resets, "
          + oversized
          + " oversized";
    }
  }

  private static final byte[] NO_BODY = new byte[0];

  private final Settings settings;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Source> sources = new ConcurrentHashMap<>();

  private MockVendorApi(Settings settings) throws IOException {
    this.settings = settings;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mock-vendor-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts the mock on 127.0.0.1 at an ephemeral port. */
  public static MockVendorApi start(Settings settings) throws IOException {
    return new MockVendorApi(settings);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
  }

  public Settings settings() {
    return settings;
  }

  /** What each source address saw, by address. */
  public Map<String, SourceCounts> counts() {
    Map<String, SourceCounts> out = new TreeMap<>();
    sources.forEach((address, source) -> out.put(address, source.counts()));
    return out;
  }

  /** Requests from all sources. */
  public int totalRequests() {
    return sources.values().stream().mapToInt(s -> s.requests.get()).sum();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
      String address = exchange.getRemoteAddress().getAddress().getHostAddress();
      Source source = sources.computeIfAbsent(address, this::newSource);
      source.requests.incrementAndGet();
      ConsumptionProbe probe = source.bucket.tryConsumeAndReturnRemaining(1);
      if (settings.latencyMillis() > 0) {
        sleep(settings.latencyMillis());
      }
      if (!probe.isConsumed()) {
        source.limited.incrementAndGet();
        long seconds =
            Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
        send(
            exchange,
            429,
            json(
                "{\"error\":\"rate limit exceeded\",\"source\":\""
                    + address
                    + "\",\"retryAfterSeconds\":"
                    + seconds
                    + "}"));
        return;
      }
      double draw = source.draw();
      if (draw < settings.errorRate()) {
        source.errors.incrementAndGet();
        send(exchange, 503, json("{\"error\":\"service unavailable\"}"));
      } else if (draw < settings.errorRate() + settings.resetRate()) {
        source.resets.incrementAndGet();
        // Close the exchange before any answer: the server drops the connection, the client reads
        // no bytes (an IOException, as after a reset).
        throw new CutConnection();
      } else if (draw < settings.errorRate() + settings.resetRate() + settings.oversizedRate()) {
        source.oversized.incrementAndGet();
        byte[] body = new byte[settings.oversizedBytes()];
        Arrays.fill(body, (byte) 'x');
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } else {
        int n = source.ok.incrementAndGet();
        send(
            exchange,
            200,
            json(
                "{\"ok\":true,\"path\":\""
                    + escape(exchange.getRequestURI().getRawPath())
                    + "\",\"source\":\""
                    + address
                    + "\",\"n\":"
                    + n
                    + "}"));
      }
    } catch (CutConnection e) {
      // the exchange was closed with its body missing: the connection is dropped
    }
  }

  private Source newSource(String address) {
    Bucket bucket =
        Bucket.builder()
            .addLimit(
                Bandwidth.builder()
                    .capacity(settings.burst())
                    .refillGreedy(settings.ratePerSecond(), Duration.ofSeconds(1))
                    .build())
            .build();
    return new Source(bucket, new Random(settings.seed() * 31 + address.hashCode()));
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body.length == 0 ? NO_BODY : body);
    }
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Source {
    final Bucket bucket;
    final Random random;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger limited = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger oversized = new AtomicInteger();

    Source(Bucket bucket, Random random) {
      this.bucket = bucket;
      this.random = random;
    }

    synchronized double draw() {
      return random.nextDouble();
    }

    SourceCounts counts() {
      return new SourceCounts(
          requests.get(), ok.get(), limited.get(), errors.get(), resets.get(), oversized.get());
    }
  }

  private static final class CutConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CutConnection() {
      super(null, null, false, false);
    }
  }
}
