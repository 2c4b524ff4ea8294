package dev.ratelimit.simulate;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.cloudformation.ProxyEnvironment;
import dev.ratelimit.model.Egress;
import dev.ratelimit.model.InvalidConfigurationException;
import dev.ratelimit.model.TargetUrl;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A load test of the generated workflow on this machine, in real time: {@code requests} caller
 * requests, {@code concurrency} at a time, each one execution of the {@code .asl.json} by {@link
 * StateMachineRunner}, whose Task states call the real proxy handler ({@link InProcessProxies})
 * with the configuration the template gives it, against a {@link MockVendorApi} that limits each
 * source address. With egress STATIC_IPS or SUBNETS proxy k's connections leave from 127.0.0.(k+1)
 * through its own {@link SourceAddressForwarder}, so the mock sees K sources, as an IP-based
 * limiter sees K Elastic IPs; with SHARED the proxies share {@link #sharedAddresses} addresses
 * (default 1), as Lambda's unannounced egress may put them behind one. Wait states wait for real;
 * the mock's buckets refill in real time.
 *
 * <p>With {@link Settings#targetUrl} the proxies call that URL instead (no mock, no forwarders, one
 * source address): for trying the policy on a server the user runs.
 */
public final class Simulation {

  /**
   * What to simulate.
   *
   * @param requests caller requests in all
   * @param concurrency callers sending at once (each sends its next request when the last ended)
   * @param ratePerSecondPerSource the mock's limit R: requests per second per source address
   * @param burst the mock's bucket capacity per source
   * @param errorRate share of admitted mock requests answered 503
   * @param latencyMillis added by the mock to every answer
   * @param resetRate share of admitted mock requests whose connection is cut
   * @param oversizedRate share of admitted mock requests answered with a body above
   *     maxResponseBytes
   * @param seed the mock's and the workflow's random seed
   * @param targetUrl a real URL to call instead of the mock; null for the mock
   * @param arrivalRatePerSecond 0 for a closed loop (each caller sends its next request when its
   *     last one ended); above 0, an open loop: request i is sent at i / rate seconds after the
   *     start, whatever the answers, with at most {@code concurrency} in flight (a send waits for a
   *     free slot and is then late)
   */
  public record Settings(
      int requests,
      int concurrency,
      int ratePerSecondPerSource,
      int burst,
      double errorRate,
      int latencyMillis,
      double resetRate,
      double oversizedRate,
      long seed,
      String targetUrl,
      double arrivalRatePerSecond) {

    /** A closed loop ({@code arrivalRatePerSecond} 0). */
    public Settings(
        int requests,
        int concurrency,
        int ratePerSecondPerSource,
        int burst,
        double errorRate,
        int latencyMillis,
        double resetRate,
        double oversizedRate,
        long seed,
        String targetUrl) {
      this(
          requests,
          concurrency,
          ratePerSecondPerSource,
          burst,
          errorRate,
          latencyMillis,
          resetRate,
          oversizedRate,
          seed,
          targetUrl,
          0);
    }

    public static final int DEFAULT_REQUESTS = 200;
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int DEFAULT_RATE = 10;
    public static final int DEFAULT_BURST = 10;
    public static final double DEFAULT_ERROR_RATE = 0.02;
    public static final int DEFAULT_LATENCY_MILLIS = 20;
    public static final long DEFAULT_SEED = 42;

    /** The defaults: 200 requests, 8 at a time, R = 10/s, burst 10, 2 % 503s, 20 ms latency. */
    public static Settings defaults() {
      return new Settings(
          DEFAULT_REQUESTS,
          DEFAULT_CONCURRENCY,
          DEFAULT_RATE,
          DEFAULT_BURST,
          DEFAULT_ERROR_RATE,
          DEFAULT_LATENCY_MILLIS,
          0,
          0,
          DEFAULT_SEED,
          null);
    }

    /**
     * Checks every field.
     *
     * @throws InvalidConfigurationException naming the field, its value and the rule
     */
    public Settings {
      range("requests", requests, 1, 100_000);
      range("concurrency", concurrency, 1, 256);
      range("ratePerSecondPerSource", ratePerSecondPerSource, 1, 100_000);
      range("burst", burst, 1, 100_000);
      range("latencyMillis", latencyMillis, 0, 60_000);
      share("errorRate", errorRate);
      share("resetRate", resetRate);
      share("oversizedRate", oversizedRate);
      if (!(arrivalRatePerSecond >= 0 && arrivalRatePerSecond <= 100_000)) {
        throw new InvalidConfigurationException(
            "simulation.arrivalRatePerSecond",
            arrivalRatePerSecond,
            "must be from 0 (closed loop: each caller waits for its answer) to 100000 requests"
                + " per second",
            "15");
      }
      if (errorRate + resetRate + oversizedRate > 1) {
        throw new InvalidConfigurationException(
            "simulation",
            "errorRate + resetRate + oversizedRate = " + (errorRate + resetRate + oversizedRate),
            "the shares of spoiled answers must not exceed 1 together",
            "<errorRate>0.05</errorRate><resetRate>0.01</resetRate>");
      }
      if (targetUrl != null) {
        URI uri;
        try {
          uri = URI.create(targetUrl);
        } catch (IllegalArgumentException e) {
          uri = null;
        }
        String rule =
            uri == null
                    || !uri.isAbsolute()
                    || uri.getHost() == null
                    || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                ? "must be an absolute http or https URL of a server you run"
                : TargetUrl.isBaseUrl(uri) ? null : TargetUrl.BASE_URL_RULE;
        if (rule != null) {
          throw new InvalidConfigurationException(
              "simulation.targetUrl",
              TargetUrl.maskCredentials(targetUrl),
              rule,
              "http://127.0.0.1:8080");
        }
      }
    }

    /** For display, in order. */
    public Map<String, String> describe() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("requests", String.valueOf(requests));
      m.put("concurrency", String.valueOf(concurrency));
      if (arrivalRatePerSecond > 0) {
        m.put("arrivalRatePerSecond", String.valueOf(arrivalRatePerSecond));
      }
      if (targetUrl != null) {
        m.put("targetUrl", targetUrl);
      } else {
        m.put("ratePerSecondPerSource", String.valueOf(ratePerSecondPerSource));
        m.put("burst", String.valueOf(burst));
        m.put("errorRate", String.valueOf(errorRate));
        m.put("latencyMillis", String.valueOf(latencyMillis));
        m.put("resetRate", String.valueOf(resetRate));
        m.put("oversizedRate", String.valueOf(oversizedRate));
      }
      m.put("seed", String.valueOf(seed));
      return m;
    }

    private static void range(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new InvalidConfigurationException(
            "simulation." + name,
            value,
            "must be from " + min + " to " + max,
            String.valueOf(Math.max(min, Math.min(max, 8))));
      }
    }

    private static void share(String name, double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new InvalidConfigurationException(
            "simulation." + name, value, "must be a share from 0 to 1", "0.05");
      }
    }
  }

  /** Told after each request ends, from the caller threads. */
  @FunctionalInterface
  public interface Progress {
    void update(int done, int total, int succeeded);

    Progress NONE = (done, total, succeeded) -> {};
  }

  private final WorkflowSpec spec;
  private final String asl;
  private final Settings settings;
  private final Map<String, MockVendorApi.SourceCounts> sourceCounts = new LinkedHashMap<>();
  private volatile Consumer<String> proxyLogs = line -> {};
  private final Queue<String> metricLines = new ConcurrentLinkedQueue<>();
  private volatile Consumer<String> orchestratorLogs = line -> {};
  private int sharedAddresses = DEFAULT_SHARED_ADDRESSES;

  /**
   * Distinct addresses AWS is assumed to hand the proxies under egress SHARED: 1, the conservative
   * reading (AWS promises nothing), puts every proxy behind one source address.
   */
  public static final int DEFAULT_SHARED_ADDRESSES = 1;

  /**
   * Under egress SHARED, how many distinct source addresses the proxies get (proxy k uses address
   * (k − 1) mod n); other egress modes give every proxy its own address and ignore this.
   *
   * @throws InvalidConfigurationException unless 1 to 50
   */
  public Simulation sharedAddresses(int n) {
    if (n < 1 || n > 50) {
      throw new InvalidConfigurationException(
          "simulation.sharedAddresses",
          n,
          "must be from 1 to 50 (distinct addresses AWS hands the proxies under egress SHARED)",
          "1");
    }
    this.sharedAddresses = n;
    return this;
  }

  /** The distinct source addresses the proxies leave from in this simulation. */
  public int sourceAddresses() {
    return spec.egress().mode() == Egress.SHARED
        ? Math.min(sharedAddresses, spec.proxies())
        : spec.proxies();
  }

  /** Where the proxies' log lines go (one JSON line per upstream call); by default nowhere. */
  public Simulation proxyLogs(Consumer<String> sink) {
    this.proxyLogs = Objects.requireNonNull(sink);
    return this;
  }

  /**
   * Where the orchestrator's log lines go (one JSON line per caller request); by default nowhere.
   */
  public Simulation orchestratorLogs(Consumer<String> sink) {
    this.orchestratorLogs = Objects.requireNonNull(sink);
    return this;
  }

  /**
   * @param spec the gateway, as generated (its targetUrl is replaced by the mock's)
   * @param asl the generated {@code .asl.json} text
   * @throws IllegalArgumentException when the spec reads the vendor key from Secrets Manager
   */
  public Simulation(WorkflowSpec spec, String asl, Settings settings) {
    if (spec.hasApiKey()) {
      throw new IllegalArgumentException(
          "cannot simulate a gateway with apiKeySecretArn: the"
              + " proxies would read the vendor key from AWS Secrets Manager. Simulate without"
              + " apiKeySecretArn (the mock needs no key).");
    }
    this.spec = spec;
    this.asl = asl;
    this.settings = settings;
  }

  /**
   * What each source address did at the mock, after {@link #run}, by address; empty against a
   * targetUrl.
   */
  public Map<String, MockVendorApi.SourceCounts> sourceCounts() {
    return Collections.unmodifiableMap(new TreeMap<>(sourceCounts));
  }

  /**
   * The metrics of the last {@link #run}, as the deployed functions would log them, in the order
   * they were written: each proxy's EMF line per attempt and the orchestrator's per request, both
   * printed by the real handlers with the environment the template gives them (a STANDARD
   * orchestrator prints none: its dashboard reads the state machine's own metrics).
   */
  public List<String> metricLines() {
    return List.copyOf(metricLines);
  }

  /**
   * Runs the simulation to its end.
   *
   * @throws IOException when the mock or a forwarder cannot start
   * @throws InterruptedException when interrupted; the mock and forwarders are stopped
   */
  public SimulationRun run(Progress progress) throws IOException, InterruptedException {
    if (settings.targetUrl() != null) {
      WorkflowSpec target = spec.withTargetUrl(URI.create(settings.targetUrl()));
      ProxyConfig config = ProxyConfig.fromEnvironment(ProxyEnvironment.of(target));
      HttpClient client = ProxyHandler.newHttpClient(config);
      return load(target, n -> client, progress);
    }
    MockVendorApi.Settings mockSettings =
        new MockVendorApi.Settings(
            settings.ratePerSecondPerSource(),
            settings.burst(),
            settings.errorRate(),
            settings.latencyMillis(),
            settings.resetRate(),
            settings.oversizedRate(),
            spec.maxResponseBytes() + 1024,
            settings.seed());
    List<SourceAddressForwarder> forwarders = new ArrayList<>();
    try (MockVendorApi mock = MockVendorApi.start(mockSettings)) {
      URI base = spec.targetUrl();
      String path = base.getRawPath() == null ? "" : base.getRawPath();
      WorkflowSpec target = spec.withTargetUrl(URI.create(mock.baseUrl() + path));
      ProxyConfig config = ProxyConfig.fromEnvironment(ProxyEnvironment.of(target));
      List<HttpClient> clients = new ArrayList<>();
      // one forwarder per address; under SHARED several proxies may leave through the same one
      for (int a = 1; a <= sourceAddresses(); a++) {
        forwarders.add(
            SourceAddressForwarder.start(
                SourceAddressForwarder.loopback(a + 1),
                new InetSocketAddress(mock.address().getAddress(), mock.address().getPort())));
      }
      for (int k = 1; k <= spec.proxies(); k++) {
        SourceAddressForwarder forwarder = forwarders.get((k - 1) % forwarders.size());
        clients.add(ProxyHandler.newHttpClientBuilder(config).proxy(forwarder.selector()).build());
      }
      SimulationRun run = load(target, n -> clients.get(n - 1), progress);
      sourceCounts.clear();
      sourceCounts.putAll(mock.counts());
      return run;
    } finally {
      forwarders.forEach(SourceAddressForwarder::close);
    }
  }

  private SimulationRun load(
      WorkflowSpec target, IntFunction<HttpClient> clients, Progress progress)
      throws InterruptedException {
    Random random = new Random(settings.seed()); // thread-safe
    metricLines.clear();
    InProcessProxies proxies =
        new InProcessProxies(target, clients, Clock.systemUTC(), random, proxyLogs)
            .withMetrics(metricLines::add);
    StateMachineRunner runner =
        StateMachineRunner.forGenerated(asl, spec.workflowName(), proxies, Sleeper.real(), random);
    LocalGateway gateway =
        new LocalGateway(spec, runner, Clock.systemUTC(), orchestratorLogs, metricLines::add);
    String run = Long.toHexString(random.nextLong());
    int total = settings.requests();
    RequestRecord[] records = new RequestRecord[total];
    AtomicInteger done = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    IntConsumer one =
        i -> {
          Instant submitted = Instant.now();
          LocalGateway.Exchange exchange =
              gateway.call(
                  run + "-" + i,
                  "GET",
                  "/items/" + i,
                  "",
                  Map.of("accept", "application/json"),
                  "");
          if (exchange.execution() == null) {
            throw new IllegalStateException(
                "the orchestrator started no workflow for request " + i + ": " + exchange.answer());
          }
          ExecutionResult result = exchange.execution();
          records[i] = new RequestRecord(i, submitted, result, exchange.answer());
          if (result.status() == ExecutionResult.Status.SUCCEEDED) {
            succeeded.incrementAndGet();
          }
          progress.update(done.incrementAndGet(), total, succeeded.get());
        };
    Instant started = Instant.now();
    Callers.send(total, settings.concurrency(), settings.arrivalRatePerSecond(), one);
    Instant finished = Instant.now();
    return new SimulationRun(
        spec.workflowName(), settings.describe(), started, finished, List.of(records));
  }
}
