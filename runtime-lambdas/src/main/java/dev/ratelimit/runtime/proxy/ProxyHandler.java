package dev.ratelimit.runtime.proxy;

import static dev.ratelimit.runtime.contract.EnvironmentNames.AWS_LAMBDA_FUNCTION_NAME;
import static dev.ratelimit.runtime.contract.EnvironmentNames.METRICS_NAMESPACE;
import static dev.ratelimit.runtime.contract.EnvironmentNames.METRICS_WORKFLOW;
import static dev.ratelimit.runtime.contract.MetricNames.ATTEMPTS;
import static dev.ratelimit.runtime.contract.MetricNames.COUNT;
import static dev.ratelimit.runtime.contract.MetricNames.MILLISECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.PROXY;
import static dev.ratelimit.runtime.contract.MetricNames.RETRY_AFTER_SECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.SECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_2XX;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_429;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_5XX;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_LATENCY;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_NETWORK_ERROR;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_OTHER;
import static dev.ratelimit.runtime.contract.MetricNames.WAIT_SECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.WORKFLOW;
import static dev.ratelimit.runtime.contract.ProxyError.CONNECTION_RESET;
import static dev.ratelimit.runtime.contract.ProxyError.CONNECT_FAILED;
import static dev.ratelimit.runtime.contract.ProxyError.DEADLINE_EXCEEDED;
import static dev.ratelimit.runtime.contract.ProxyError.INVALID_REQUEST;
import static dev.ratelimit.runtime.contract.ProxyError.RESPONSE_TOO_LARGE;
import static dev.ratelimit.runtime.contract.ProxyError.RETRY_AFTER_TOO_LONG;
import static dev.ratelimit.runtime.contract.ProxyError.SECRET_UNAVAILABLE;
import static dev.ratelimit.runtime.contract.ProxyError.TIMEOUT;
import static dev.ratelimit.runtime.proxy.HttpRules.REDACTED_HEADER;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.HeaderRules;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.crac.Core;
import org.crac.Resource;

/**
 * The proxy Lambda: one upstream HTTP call per invocation, answered as a {@link ProxyResult}.
 * Upstream failures are results, never exceptions; only a broken runtime or programming error
 * throws.
 *
 * <p>Handler: {@code dev.ratelimit.runtime.proxy.ProxyHandler::handleRequest}.
 */
public final class ProxyHandler implements RequestHandler<ProxyRequest, ProxyResult>, Resource {
  static final String USER_AGENT = "ratelimit-gateway";

  // Errors the workflow may retry, which get a backoff wait (SecretUnavailable: nothing was sent).
  private static final Set<String> NETWORK_ERRORS =
      Set.of(CONNECT_FAILED, TIMEOUT, CONNECTION_RESET, SECRET_UNAVAILABLE);
  // Literals rather than constant fields below (every field costs the proxy jar its bytes):
  // - 500 ms of grace lets the client's own timeouts (which tell a connect failure from a slow
  //   answer) fire first; ours only catches a body that trickles in past the deadline;
  // - 1000 ms of reserve answers Timeout before Lambda kills the function, so the workflow sees a
  //   result, not a crash;
  // - next() answers -1 (DeadlineExceeded) or -2 (RetryAfterTooLong) when the execution must end.

  private final ProxyConfig config;
  private final HttpClient client;
  private final Clock clock;
  private volatile RandomGenerator
      random; // null until the first draw (SnapStart: after the restore)
  private final ApiKeyCache
      keys; // null: no API key configured; the key is never logged or returned
  // Metrics (EMF): where lines go (null: standard output), the text around the metric
  // declarations (null: no metrics). See withMetrics.
  private volatile Consumer<String> metricsOut;
  private volatile String metricsHead;
  private volatile String metricsTail;

  /**
   * Used by the Lambda runtime: configuration from the environment, once per execution environment.
   */
  public ProxyHandler() {
    this(ProxyConfig.fromEnvironment(System.getenv()));
    withMetrics(System.getenv(), null); // here only: a local run's shell is not the template's
    Core.getGlobalContext().register(this);
  }

  public ProxyHandler(ProxyConfig config) {
    this(config, newHttpClient(config));
  }

  public ProxyHandler(ProxyConfig config, HttpClient client) {
    this(config, client, Clock.systemUTC(), null);
  }

  /**
   * @param clock for HTTP-date {@code Retry-After} values
   * @param random jitter source; null: a {@link java.util.Random} (thread-safe) seeded at the first
   *     draw, from a new {@code SecureRandom} and the clock, never at init: with SnapStart, init is
   *     in the snapshot every environment is restored from, and a seed fixed there would make them
   *     all draw the same waits (and retry in step). A given generator is used as is, so it must be
   *     safe for the threads that call this handler.
   */
  public ProxyHandler(ProxyConfig config, HttpClient client, Clock clock, RandomGenerator random) {
    this(config, client, clock, random, null);
  }

  /**
   * Not public: its parameter's type ships in the proxy-secrets jar only, and the Lambda runtime's
   * reflection resolves the parameter types of every public constructor (tests reach it from other
   * packages through {@code ProxyHandlers}).
   *
   * @param apiKeySource where the API key comes from when {@link ProxyConfig#apiKeyHeader()} is
   *     set; null loads {@link ApiKeySource#SECRETS_MANAGER} for {@link
   *     ProxyConfig#apiKeySecretArn()}
   * @throws IllegalStateException when a key is configured but the Secrets Manager support is not
   *     in this jar, or its client cannot be built
   */
  ProxyHandler(
      ProxyConfig config,
      HttpClient client,
      Clock clock,
      RandomGenerator random,
      ApiKeySource apiKeySource) {
    this.config = config;
    this.client = client;
    this.clock = clock;
    this.random = random; // null: seeded at the first draw (see above)
    ApiKeyCache keys = null;
    if (config.apiKeyHeader() != null || apiKeySource != null) {
      try {
        keys = ApiKeyCache.of(config, apiKeySource);
      } catch (NoClassDefFoundError e) { // the plain proxy jar: the key's classes are not in it
        throw new IllegalStateException(
            ApiKeyCache.NO_SUPPORT + ": deploy the proxy-secrets jar", e);
      }
    }
    this.keys = keys;
  }

  /** The client the proxy uses in production: no redirects, connect timeout = request timeout. */
  public static HttpClient newHttpClient(ProxyConfig config) {
    return newHttpClientBuilder(config).build();
  }

  /**
   * The production client's settings, as a builder: the local simulation adds a per-proxy {@code
   * ProxySelector} so that each proxy's connections leave from their own address, and changes
   * nothing else.
   */
  public static HttpClient.Builder newHttpClientBuilder(ProxyConfig config) {
    boolean tls = "https".equalsIgnoreCase(config.target().getScheme());
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(config.requestTimeoutSeconds()))
        // Over TLS, ALPN picks HTTP/2 or 1.1. In clear text, HTTP/2 would mean an h2c upgrade
        // attempt
        // whose extra headers some servers mishandle.
        .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
  }

  /**
   * Sends this proxy's metrics to {@code out}, one CloudWatch embedded metric format (EMF) line per
   * attempt, published per {@code [Workflow, Proxy]} and per {@code [Workflow]}. In Lambda the
   * environment sets {@code RATELIMIT_METRICS_NAMESPACE} and {@code RATELIMIT_METRICS_WORKFLOW},
   * and the lines go to standard output ({@code out} null): the {@code LambdaLogger} would wrap
   * them (JSON log format) where CloudWatch no longer sees them.
   */
  public ProxyHandler withMetrics(
      String namespace, String workflow, String proxy, Consumer<String> out) {
    if (workflow == null || proxy == null) {
      throw new IllegalStateException(
          METRICS_WORKFLOW
              + " and "
              + AWS_LAMBDA_FUNCTION_NAME
              + " must be set"
              + " with "
              + METRICS_NAMESPACE);
    }
    metricsOut = out; // first: emitMetrics reads metricsHead (written last) first
    metricsTail =
        ProxyResult.quote(
                ProxyResult.quote(new StringBuilder("]}]},\"" + WORKFLOW + "\":"), workflow)
                    .append(",\"" + PROXY + "\":"),
                proxy)
            .toString();
    metricsHead =
        ProxyResult.quote(new StringBuilder(",\"CloudWatchMetrics\":[{\"Namespace\":"), namespace)
            .append(
                ",\"Dimensions\":[[\""
                    + WORKFLOW
                    + "\",\""
                    + PROXY
                    + "\"],[\""
                    + WORKFLOW
                    + "\"]],\"Metrics\":[")
            .toString();
    return this;
  }

  /**
   * The metrics as a function's environment {@code env} sets them: on, to {@code out} (null:
   * standard output), when {@code RATELIMIT_METRICS_NAMESPACE} is set, with {@code
   * RATELIMIT_METRICS_WORKFLOW} and the function's name ({@code AWS_LAMBDA_FUNCTION_NAME}, which
   * Lambda sets) as the dimensions; otherwise unchanged (off unless set before). The local
   * simulation passes the environment the template gives the proxies, so it writes exactly the
   * lines a deployed proxy would.
   */
  public ProxyHandler withMetrics(Map<String, String> env, Consumer<String> out) {
    String namespace = env.get(METRICS_NAMESPACE);
    return namespace == null || namespace.isBlank()
        ? this
        : withMetrics(namespace, env.get(METRICS_WORKFLOW), env.get(AWS_LAMBDA_FUNCTION_NAME), out);
  }

  boolean metricsOn() {
    return metricsHead != null;
  }

  /** Same as {@link #handleRequest} without a Lambda context (tests, local simulation). */
  public ProxyResult handle(ProxyRequest input) {
    return handleRequest(input, null);
  }

  @Override
  public ProxyResult handleRequest(ProxyRequest input, Context context) {
    long started = System.nanoTime();
    HttpRequestData data = input == null ? null : input.getRequest();
    int attempt = input == null ? 0 : input.getAttempt();
    Instant now = clock.instant();
    Deadline deadline =
        Deadline.of(
            input == null ? null : input.getExecutionStartTime(),
            data == null ? null : data.getHeaders(),
            config.deadlineSeconds(),
            now);
    ProxyResult result;
    String detail = null;
    try {
      if (deadline.callMillis(now) < 500) { // not even half of the 1 s a call is given
        // Step Functions' retries or a crashed proxy ate the time: no call could be answered in
        // time.
        detail = "no time left before the deadline";
        result =
            noAnswer(DEADLINE_EXCEEDED, attempt, deadline); // not retryable: ends the execution
      } else {
        KeyScrubber key = keys == null ? null : keys.get(context);
        result = call(data, attempt, context, key, deadline);
        if (key != null && (result.getStatusCode() == 401 || result.getStatusCode() == 403)) {
          // The vendor refused the key: after a rotation the cached one is stale. Safe for POST
          // too: a refused authentication means the vendor did not act on the request.
          KeyScrubber fresh = keys.refreshAfterRejection(key, context);
          if (fresh != null && deadline.callMillis(clock.instant()) >= 1000) {
            result = call(data, attempt, context, fresh, deadline);
          }
        }
      }
    } catch (Refusal e) {
      // Nothing was sent upstream. A payload the proxy refuses gets no wait (the execution ends);
      // an unavailable key gets one like a network error (the workflow retries on the next proxy).
      detail = e.getMessage();
      int wait = attempt < 1 ? 0 : Math.max(0, next(0, e.error, Map.of(), attempt, deadline));
      result =
          new ProxyResult(
              0,
              null,
              "",
              false,
              wait,
              e.error,
              ProxyResult.cause(0, e.error, null, false, detail, false, attempt, Long.MAX_VALUE));
    }
    long elapsed = (System.nanoTime() - started) / 1_000_000;
    log(context, attempt, data, result, detail, elapsed);
    emitMetrics(result, elapsed);
    return result;
  }

  /**
   * One upstream call; the HTTP deadline is taken now, after any key fetch, from the time really
   * left.
   */
  private ProxyResult call(
      HttpRequestData data, int attempt, Context context, KeyScrubber key, Deadline deadline)
      throws Refusal {
    long timeoutMillis = Math.min(timeoutMillis(context), deadline.callMillis(clock.instant()));
    return exchange(
        buildRequest(data, attempt, timeoutMillis, key == null ? null : key.key()),
        attempt,
        timeoutMillis,
        key,
        deadline);
  }

  private long timeoutMillis(Context context) {
    long millis = config.requestTimeoutSeconds() * 1000L;
    int remaining = context == null ? 0 : context.getRemainingTimeInMillis();
    if (remaining > 0) {
      millis = Math.max(1, Math.min(millis, remaining - 1000 - 500)); // reserve, grace
    }
    return millis;
  }

  // ---- the request ----

  private HttpRequest buildRequest(
      HttpRequestData data, int attempt, long timeoutMillis, String key) throws Refusal {
    if (data == null) {
      throw new Refusal(INVALID_REQUEST, "payload has no request");
    }
    if (attempt < 1) {
      throw new Refusal(INVALID_REQUEST, "attempt must be >= 1");
    }
    String method = data.getMethod();
    if (method == null || !HttpRules.isToken(method)) {
      throw new Refusal(INVALID_REQUEST, "method is missing or not an HTTP token");
    }
    if (!HttpRules.FORWARDED_METHODS.contains(method)) { // the orchestrator answered 405 already
      throw new Refusal(INVALID_REQUEST, "method is not one the gateway forwards");
    }
    URI uri = uri(data.getPath(), data.getQuery());
    byte[] body;
    try {
      String b = data.getBody() == null ? "" : data.getBody();
      body =
          data.getIsBase64Encoded()
              ? Base64.getDecoder().decode(b)
              : b.getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Refusal(INVALID_REQUEST, "body is not valid base64");
    }
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofMillis(timeoutMillis))
              .method(
                  method,
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      boolean userAgent = false;
      if (data.getHeaders() != null) {
        for (Map.Entry<String, String> h : data.getHeaders().entrySet()) {
          String name = h.getKey() == null ? "" : h.getKey().strip().toLowerCase(Locale.ROOT);
          if (h.getValue() != null && isForwarded(name)) {
            b.setHeader(name, h.getValue());
            userAgent |= name.equals("user-agent");
          }
        }
      }
      if (!userAgent) {
        b.setHeader("user-agent", USER_AGENT);
      }
      if (key != null) {
        b.setHeader(config.apiKeyHeader(), key); // checked to be a valid value: cannot throw
        // The body must come back readable, or the key could not be cut out of it.
        b.setHeader("accept-encoding", "identity");
      }
      return b.build();
    } catch (IllegalArgumentException e) { // a header name or value the client refuses (e.g. CR/LF)
      throw new Refusal(INVALID_REQUEST, "a forwarded header has an invalid name or value");
    }
  }

  private boolean isForwarded(String name) {
    if (name.equals(config.apiKeyHeader())) {
      return false; // the gateway's key wins over a caller's
    }
    if (name.equals("cookie")) {
      return config.forwardCookies(); // never by the allowlist alone
    }
    return HttpRules.isForwardable(name, config.forwardHeaders());
  }

  /** The upstream URL; rejects anything that could leave the configured target (SSRF). */
  private URI uri(String path, String query) throws Refusal {
    String violation = PathRules.violation(path, query);
    if (violation != null) {
      throw new Refusal(INVALID_REQUEST, violation);
    }
    String q = query == null ? "" : query;
    URI target = config.target();
    URI uri;
    try {
      uri = URI.create(config.targetUrl() + path + (q.isEmpty() ? "" : "?" + q));
    } catch (IllegalArgumentException e) {
      throw new Refusal(INVALID_REQUEST, "path or query is not valid in a URL");
    }
    String base = target.getRawPath() == null ? "" : target.getRawPath();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (!target.getScheme().equalsIgnoreCase(uri.getScheme())
        || !target.getHost().equalsIgnoreCase(uri.getHost())
        || port(target) != port(uri)
        || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null
        || uri.getRawPath() == null
        || !uri.getRawPath().startsWith(base + "/")) {
      throw new Refusal(INVALID_REQUEST, "URL would leave the configured target");
    }
    return uri;
  }

  private static int port(URI uri) {
    return uri.getPort() != -1
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  // ---- the exchange ----

  private ProxyResult exchange(
      HttpRequest request, int attempt, long timeoutMillis, KeyScrubber key, Deadline deadline) {
    CompletableFuture<HttpResponse<BoundedBody>> future =
        client.sendAsync(request, new BoundedBody(config.maxResponseBytes()));
    HttpResponse<BoundedBody> response;
    try {
      response = future.get(timeoutMillis + 500, TimeUnit.MILLISECONDS); // grace
    } catch (TimeoutException e) {
      future.cancel(true);
      return noAnswer(TIMEOUT, attempt, deadline);
    } catch (ExecutionException e) {
      return noAnswer(classify(e.getCause()), attempt, deadline);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the upstream answer", e);
    }
    return answer(response, attempt, key, deadline);
  }

  /**
   * Network failure → error code. Connect failures are told apart: there the request never left.
   */
  private static String classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return CONNECT_FAILED;
      }
      if (t instanceof HttpTimeoutException) {
        return TIMEOUT;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof UnresolvedAddressException
          || t instanceof SSLHandshakeException) {
        return CONNECT_FAILED;
      }
    }
    if (failure instanceof IOException) {
      return CONNECTION_RESET;
    }
    if (failure instanceof IllegalArgumentException) {
      return INVALID_REQUEST; // the client refused the request itself
    }
    throw new IllegalStateException("unexpected failure of the HTTP client", failure);
  }

  private ProxyResult noAnswer(String error, int attempt, Deadline deadline) {
    int next = next(0, error, Map.of(), attempt, deadline);
    String code = endCode(next, error);
    return new ProxyResult(
        0,
        null,
        "",
        false,
        Math.max(0, next),
        code,
        ProxyResult.cause(0, code, null, false, "", false, attempt, Long.MAX_VALUE));
  }

  private ProxyResult answer(
      HttpResponse<BoundedBody> response, int attempt, KeyScrubber key, Deadline deadline) {
    int status = response.statusCode();
    HttpHeaders h = response.headers();
    Map<String, String> headers =
        responseHeaders(h, config.apiKeyHeader(), key, config.forwardCookies());
    String contentType = h.firstValue("content-type").orElse(null);
    String encoding = h.firstValue("content-encoding").orElse(null);
    boolean text = HttpRules.isText(contentType, encoding);
    boolean readable = HttpRules.isReadable(contentType, encoding);
    if (key != null && contentType != null && key.foundIn(contentType)) {
      contentType =
          null; // it reaches the cause and the caller's content-type: dropped like the header above
    }
    int next = next(status, "", headers, attempt, deadline);
    int wait = Math.max(0, next);
    String error = endCode(next, "");
    byte[] bytes = response.body().bytes();
    if (key != null) {
      bytes = key.scrubBody(bytes, readable, response.body().overflow(), headers);
    }
    String redacted = headers.get(REDACTED_HEADER);
    if (!response.body().overflow()) {
      String decoded = text ? PathRules.utf8(bytes) : null;
      String body = decoded != null ? decoded : Base64.getEncoder().encodeToString(bytes);
      boolean base64 = decoded == null && bytes.length > 0;
      ProxyResult r =
          fit(
              status,
              headers,
              body,
              base64,
              wait,
              error,
              contentType,
              base64,
              body,
              false,
              attempt,
              redacted);
      if (r != null) {
        return r;
      }
    }
    // Too large for the state payload: keep status and headers (the workflow still classifies them)
    // and
    // put as much of the body as fits into the cause for whoever reads the failure.
    String preview =
        text
            ? new String(
                bytes,
                0,
                Math.min(bytes.length, ProxyResult.MAX_CAUSE_CHARS),
                StandardCharsets.UTF_8)
            : Base64.getEncoder()
                .encodeToString(
                    Arrays.copyOf(bytes, Math.min(bytes.length, ProxyResult.MAX_CAUSE_CHARS)));
    ProxyResult r =
        fit(
            status,
            headers,
            "",
            false,
            wait,
            RESPONSE_TOO_LARGE,
            contentType,
            !text,
            preview,
            true,
            attempt,
            redacted);
    if (r == null) { // the headers alone are too big
      r =
          fit(
              status,
              null,
              "",
              false,
              wait,
              RESPONSE_TOO_LARGE,
              contentType,
              !text,
              preview,
              true,
              attempt,
              redacted);
    }
    if (r == null) {
      throw new IllegalStateException(
          "maxResponseBytes " + config.maxResponseBytes() + " is too small for any result");
    }
    return r;
  }

  /**
   * The result, with a cause cut to fit the size cap; null when it cannot fit. {@code causeBase64}
   * says whether {@code causeBody} is base64. The cause also carries the vendor's headers a caller
   * may see and its {@code Retry-After} with the time of the answer, so the caller learns what
   * remains of the wait.
   */
  private ProxyResult fit(
      int status,
      Map<String, String> headers,
      String body,
      boolean base64,
      int wait,
      String error,
      String contentType,
      boolean causeBase64,
      String causeBody,
      boolean cut,
      int attempt,
      String redacted) {
    ProxyResult r = new ProxyResult(status, headers, body, base64, wait, error, "");
    long room = config.maxResponseBytes() - ProxyResult.resultSize(r);
    if (error.isEmpty() && config.successOn().contains(status)) {
      return room >= 0 ? r : null;
    }
    Map<String, String> forCaller =
        HttpRules.headersForCaller(r.getHeaders(), config.apiKeyHeader());
    forCaller.remove("content-type"); // the cause's own field
    String cause =
        ProxyResult.cause(
            status,
            error,
            contentType,
            forCaller,
            Deadline.retryAfter(forCaller.get("retry-after"), clock).orElse(-1),
            clock.millis(),
            causeBase64,
            causeBody,
            cut,
            attempt,
            room,
            redacted);
    if (cause == null) {
      return null;
    }
    r.setCause(cause);
    return r;
  }

  /** Whether the proxy chooses a wait: the workflow may try again after this answer. */
  private boolean retryable(int status, String error) {
    return NETWORK_ERRORS.contains(error)
        || (status != 0
            && config.retryOn().contains(status)
            && !config.successOn().contains(status));
  }

  /**
   * The wait the vendor names ({@link Deadline#vendorWaitSeconds}, when {@code honorRetryAfter}) or
   * else the backoff. A vendor's wait above {@code maxRetryAfterSeconds} ends the execution ({@code
   * RetryAfterTooLong}); one after which the next attempt would not fit the deadline too ({@code
   * DeadlineExceeded}); our own backoff is shortened to fit, and ends it only when not even a wait
   * of 0 fits.
   *
   * @return the wait in seconds, or -1 ({@code DeadlineExceeded}) or -2 ({@code
   *     RetryAfterTooLong}): see {@link #endCode}
   */
  int next(
      int status,
      String error,
      Map<String, String> headers,
      int attempt,
      Deadline deadline) { // tests
    if (!retryable(status, error)) {
      return 0; // the workflow ends here; a wait would mean nothing
    }
    OptionalLong hint =
        config.honorRetryAfter()
            ? Deadline.vendorWaitSeconds(headers, clock)
            : OptionalLong.empty();
    if (hint.isPresent() && hint.getAsLong() > config.maxRetryAfterSeconds()) {
      return -2; // RetryAfterTooLong
    }
    long wait;
    if (hint.isPresent()) {
      wait = hint.getAsLong();
    } else {
      RandomGenerator r = random;
      if (r == null) { // the first draw in this environment: after any SnapStart restore
        r = new Random(new SecureRandom().nextLong() ^ System.nanoTime());
        random = r;
      }
      wait = config.backoff().draw(attempt, r);
    }
    long longest = deadline.longestWaitSeconds(clock.instant());
    if (wait > longest) {
      if (hint.isPresent() || longest < 0) {
        return -1; // DeadlineExceeded
      }
      wait = longest;
    }
    return (int) wait;
  }

  /**
   * The error code of {@link #next}'s answer: the one that ends the execution, or {@code error}.
   */
  private static String endCode(int next, String error) {
    return next == -1 ? DEADLINE_EXCEEDED : next == -2 ? RETRY_AFTER_TOO_LONG : error;
  }

  /**
   * Upstream headers for the result, without hop-by-hop ones and without any echo of the API key (a
   * header of its name, or a value holding it in any form, which also sets {@link
   * #REDACTED_HEADER}): the result lands in the workflow's history. An upstream header of that name
   * is never passed on as ours. Vendor cookies belong to the gateway's identity: dropped, unless
   * {@code cookies}, then one per line (a comma-joined {@code Set-Cookie} would break at every
   * {@code Expires} date).
   */
  private static Map<String, String> responseHeaders(
      HttpHeaders h, String keyHeader, KeyScrubber key, boolean cookies) {
    Map<String, String> out = new LinkedHashMap<>();
    boolean redacted = false;
    for (Map.Entry<String, List<String>> e : h.map().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(":")
          || HeaderRules.HOP_BY_HOP.contains(name)
          || name.equals(keyHeader)
          || name.equals(REDACTED_HEADER)
          || (name.equals("set-cookie") && !cookies)) {
        continue;
      }
      String value = String.join(name.equals("set-cookie") ? "\n" : ", ", e.getValue());
      if (key != null && key.foundIn(name + ": " + value)) {
        redacted = true;
        continue;
      }
      String before = out.get(name);
      out.put(
          name,
          before == null ? value : before + (name.equals("set-cookie") ? "\n" : ", ") + value);
    }
    if (redacted) {
      out.put(REDACTED_HEADER, "headers");
    }
    return out;
  }

  // ---- SnapStart ----

  /**
   * Before the snapshot: one request through this handler's own HTTP client to a loopback server
   * (never the vendor) that answers 429 with {@code Retry-After}, so the retry, cause and metrics
   * paths run too, plus the TLS context and the runtime's serializer for the payload and result:
   * the snapshot then holds loaded, initialized classes. The loopback connection is closed first.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
    prime();
  }

  /** The priming; its result is the loopback server's 429 when everything ran (tests). */
  ProxyResult prime() throws IOException {
    Priming.tls();
    ProxyResult result;
    try (Priming loopback =
        new Priming(429, "Retry-After: 1\r\nContent-Type: application/json\r\n", "{}")) {
      Map<String, String> env = new HashMap<>();
      env.put(EnvironmentNames.TARGET_URL, loopback.uri());
      // the key's path too, with a stand-in: no Secrets Manager call
      ApiKeySource key = keys == null ? null : ApiKeyCache.priming(config, env);
      ProxyHandler primer =
          new ProxyHandler(ProxyConfig.fromEnvironment(env), client, clock, random, key);
      // The metrics are formatted, not printed: a Stream.Builder is a Consumer that keeps them.
      primer.withMetrics("priming", "priming", "priming", Stream.builder());
      result =
          primer.handle(
              new ProxyRequest(
                  new HttpRequestData("GET", "/priming", "a=1", Map.of("accept", "*/*"), "", false),
                  1));
    }
    // Every property of a bean is resolved at its first use: a few of them load the rest.
    Priming.serializer(
        ProxyRequest.class, "{\"request\":{\"headers\":{\"a\":\"b\"}},\"attempt\":1}");
    Priming.serializer(ProxyResult.class, "{\"headers\":{\"a\":\"b\"},\"statusCode\":200}");
    return result;
  }

  /**
   * After a restore: the next draw seeds a new jitter generator, since every environment restored
   * from one snapshot would otherwise draw the same waits (and retry in step).
   */
  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    random = null;
  }

  // ---- metrics ----

  /**
   * The attempt's metrics: its class of answer, the call's duration (when something was sent), the
   * wait the proxy chose (when it chose one) and the vendor's {@code Retry-After}. Numbers only:
   * never a header value, query or body.
   */
  private void emitMetrics(ProxyResult r, long elapsedMillis) {
    String head = metricsHead;
    if (head == null) {
      return;
    }
    int s = r.getStatusCode();
    // SecretUnavailable gets a wait like a network error, but nothing was sent: it counts as Other
    int network =
        NETWORK_ERRORS.contains(r.getError()) && !SECRET_UNAVAILABLE.equals(r.getError()) ? 1 : 0;
    int c2xx = s / 100 == 2 ? 1 : 0;
    int c429 = s == 429 ? 1 : 0;
    int c5xx = s / 100 == 5 ? 1 : 0;
    OptionalLong hint =
        Deadline.retryAfter(s == 0 ? null : r.getHeaders().get("retry-after"), clock);
    StringBuilder names = new StringBuilder();
    StringBuilder values = new StringBuilder();
    metric(names, values, ATTEMPTS, COUNT, 1);
    metric(names, values, UPSTREAM_2XX, COUNT, c2xx);
    metric(names, values, UPSTREAM_429, COUNT, c429);
    metric(names, values, UPSTREAM_5XX, COUNT, c5xx);
    metric(names, values, UPSTREAM_OTHER, COUNT, 1 - c2xx - c429 - c5xx - network);
    metric(names, values, UPSTREAM_NETWORK_ERROR, COUNT, network);
    // statusCode 0 without a network error: the proxy refused the payload or had no key; nothing
    // was sent
    metric(
        names, values, UPSTREAM_LATENCY, MILLISECONDS, s != 0 || network == 1 ? elapsedMillis : -1);
    // no wait when the deadline or a too long Retry-After ended the execution
    String error = r.getError();
    boolean waits =
        retryable(s, error)
            && !DEADLINE_EXCEEDED.equals(error)
            && !RETRY_AFTER_TOO_LONG.equals(error);
    metric(names, values, WAIT_SECONDS, SECONDS, waits ? r.getWaitSeconds() : -1);
    metric(names, values, RETRY_AFTER_SECONDS, SECONDS, hint.orElse(-1));
    String line =
        "{\"_aws\":{\"Timestamp\":" + clock.millis() + head + names + metricsTail + values + "}";
    Consumer<String> out = metricsOut;
    if (out == null) {
      System.out.println(line); // no method reference: no lambda to link at a cold start
    } else {
      out.accept(line);
    }
  }

  /** Declares a metric in {@code names} and adds its value; a negative value leaves it out. */
  private static void metric(
      StringBuilder names, StringBuilder values, String name, String unit, long value) {
    if (value >= 0) {
      names
          .append(names.length() == 0 ? "{\"Name\":\"" : ",{\"Name\":\"")
          .append(name)
          .append("\",\"Unit\":\"")
          .append(unit)
          .append("\"}");
      values.append(",\"").append(name).append("\":").append(value);
    }
  }

  // ---- logging ----

  /**
   * One JSON line per invocation. Never the query, header values or bodies: they may hold secrets.
   */
  private static void log(
      Context context,
      int attempt,
      HttpRequestData data,
      ProxyResult r,
      String detail,
      long elapsedMillis) {
    String method = data == null || data.getMethod() == null ? "" : data.getMethod();
    String path = data == null || data.getPath() == null ? "" : data.getPath();
    int q = path.indexOf('?');
    path = q >= 0 ? path.substring(0, q) : path;
    StringBuilder line =
        new StringBuilder("{\"event\":\"upstream\",\"attempt\":")
            .append(attempt)
            .append(",\"method\":");
    ProxyResult.quote(line, method.length() > 16 ? method.substring(0, 16) : method)
        .append(",\"path\":");
    ProxyResult.quote(line, path.length() > 256 ? path.substring(0, 256) : path)
        .append(",\"statusCode\":")
        .append(r.getStatusCode())
        .append(",\"error\":");
    ProxyResult.quote(line, r.getError())
        .append(",\"waitSeconds\":")
        .append(r.getWaitSeconds())
        .append(",\"elapsedMs\":")
        .append(elapsedMillis);
    if (detail != null) {
      ProxyResult.quote(line.append(",\"detail\":"), detail);
    }
    line.append('}');
    if (context != null && context.getLogger() != null) {
      context.getLogger().log(line.toString());
    } else {
      System.out.println(line);
    }
  }

  /**
   * Nothing can be sent: the payload is invalid ({@code InvalidRequest}) or the key unavailable
   * ({@code SecretUnavailable}, from {@link ApiKeyCache}). Carries that error code and a fixed
   * reason, never payload text or secret material. (One class for both: the proxy jar is small.)
   */
  static final class Refusal extends Exception {
    final String error;

    Refusal(String error, String reason) {
      super(reason, null, false, false);
      this.error = error;
    }
  }
}
