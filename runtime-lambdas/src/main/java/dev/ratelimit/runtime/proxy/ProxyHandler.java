package dev.ratelimit.runtime.proxy;

import static dev.ratelimit.runtime.proxy.ProxyResult.CONNECTION_RESET;
import static dev.ratelimit.runtime.proxy.ProxyResult.CONNECT_FAILED;
import static dev.ratelimit.runtime.proxy.ProxyResult.INVALID_REQUEST;
import static dev.ratelimit.runtime.proxy.ProxyResult.RESPONSE_TOO_LARGE;
import static dev.ratelimit.runtime.proxy.ProxyResult.SECRET_UNAVAILABLE;
import static dev.ratelimit.runtime.proxy.ProxyResult.TIMEOUT;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLHandshakeException;
import org.crac.Core;
import org.crac.Resource;

/**
 * The proxy Lambda: one upstream HTTP call per invocation, answered as a {@link ProxyResult}. Upstream
 * failures are results, never exceptions; only a broken runtime or programming error throws.
 *
 * <p>Handler: {@code dev.ratelimit.runtime.proxy.ProxyHandler::handleRequest}.
 */
public final class ProxyHandler implements RequestHandler<ProxyRequest, ProxyResult>, Resource {
    static final String USER_AGENT = "ratelimit-gateway";

    private static final Set<String> HOP_BY_HOP = HttpRules.HOP_BY_HOP;
    private static final Set<String> NETWORK_ERRORS = Set.of(CONNECT_FAILED, TIMEOUT, CONNECTION_RESET);
    // Lets the client's own timeouts (which tell a connect failure from a slow answer) fire first; ours
    // only catches a body that trickles in past the deadline.
    private static final long TIMEOUT_GRACE_MILLIS = 500;
    // Answer Timeout before Lambda kills the function, so the workflow sees a result, not a crash.
    private static final long LAMBDA_RESERVE_MILLIS = 1000;

    private final ProxyConfig config;
    private final HttpClient client;
    private final Clock clock;
    private volatile RandomGenerator random; // replaced after a SnapStart restore
    private final ApiKeySource apiKeySource; // null: no API key configured
    private final Object apiKeyLock = new Object();
    private volatile String apiKey; // fetched once per execution environment; never logged or returned

    /**
     * Used by the Lambda runtime: configuration from the environment, once per execution environment.
     * Registers the SnapStart hooks (without SnapStart they never run).
     */
    public ProxyHandler() {
        this(ProxyConfig.fromEnvironment(System.getenv()));
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
     * @param random jitter source; null seeds a {@link java.util.Random} (thread-safe). A given generator
     *     is used as is, so it must be safe for the threads that call this handler; after a SnapStart
     *     restore ({@link #afterRestore}) a freshly seeded one replaces either.
     */
    public ProxyHandler(ProxyConfig config, HttpClient client, Clock clock, RandomGenerator random) {
        this(config, client, clock, random, null);
    }

    /**
     * @param apiKeySource where the API key comes from when {@link ProxyConfig#apiKeyHeader()} is set; null
     *     loads {@link ApiKeySource#SECRETS_MANAGER} for {@link ProxyConfig#apiKeySecretArn()}
     * @throws IllegalStateException when a key is configured but the Secrets Manager support is not in this
     *     jar, or its client cannot be built
     */
    public ProxyHandler(ProxyConfig config, HttpClient client, Clock clock, RandomGenerator random,
            ApiKeySource apiKeySource) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.random = random != null ? random : Priming.freshRandom();
        if (config.apiKeyHeader() == null) {
            if (apiKeySource != null) {
                throw new IllegalArgumentException("an ApiKeySource was given but " + ProxyConfig.API_KEY_HEADER
                        + " is not set");
            }
            this.apiKeySource = null;
        } else {
            this.apiKeySource = apiKeySource != null ? apiKeySource : secretsManager(config.apiKeySecretArn());
        }
    }

    /**
     * The Secrets Manager source, loaded by name: the plain proxy jar has neither it nor the AWS SDK, and
     * never gets here.
     */
    private static ApiKeySource secretsManager(String secretArn) {
        Class<?> type;
        try {
            type = Class.forName(ApiKeySource.SECRETS_MANAGER);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(ProxyConfig.API_KEY_SECRET_ARN + " is set, but this deployment jar has"
                    + " no Secrets Manager support (" + ApiKeySource.SECRETS_MANAGER + " is missing): deploy the"
                    + " proxy-secrets jar", e);
        }
        try {
            return (ApiKeySource) type.getConstructor(String.class).newInstance(secretArn);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("the Secrets Manager client could not be built: " + cause, cause);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot instantiate " + ApiKeySource.SECRETS_MANAGER, e);
        }
    }

    /** The client the proxy uses in production: no redirects, connect timeout = request timeout. */
    public static HttpClient newHttpClient(ProxyConfig config) {
        return newHttpClientBuilder(config).build();
    }

    /**
     * The production client's settings, as a builder: the local simulation adds a per-proxy {@code ProxySelector}
     * so that each proxy's connections leave from their own address, and changes nothing else.
     */
    public static HttpClient.Builder newHttpClientBuilder(ProxyConfig config) {
        boolean tls = "https".equalsIgnoreCase(config.target().getScheme());
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(config.requestTimeoutSeconds()))
                // Over TLS, ALPN picks HTTP/2 or 1.1. In clear text, HTTP/2 would mean an h2c upgrade attempt
                // whose extra headers some servers mishandle.
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
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
        long timeoutMillis = timeoutMillis(context);
        ProxyResult result;
        String detail = null;
        try {
            String key = apiKeySource == null ? null : apiKey();
            result = exchange(buildRequest(data, attempt, timeoutMillis, key), attempt, timeoutMillis, key);
        } catch (InvalidRequest e) {
            detail = e.getMessage();
            result = new ProxyResult(0, null, "", false, 0, INVALID_REQUEST,
                    Json.cause(0, INVALID_REQUEST, null, false, detail, false, attempt, Long.MAX_VALUE));
        } catch (ApiKeySource.Unavailable e) {
            // Not retryable in the workflow (it ends in Upstream.Unreachable): nothing was sent upstream.
            detail = "API key unavailable: " + e.getMessage();
            result = new ProxyResult(0, null, "", false, 0, SECRET_UNAVAILABLE,
                    Json.cause(0, SECRET_UNAVAILABLE, null, false, detail, false, attempt, Long.MAX_VALUE));
        }
        log(context, attempt, data, result, detail, (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    private long timeoutMillis(Context context) {
        long millis = config.requestTimeoutSeconds() * 1000L;
        int remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        if (remaining > 0) {
            millis = Math.max(1, Math.min(millis, remaining - LAMBDA_RESERVE_MILLIS - TIMEOUT_GRACE_MILLIS));
        }
        return millis;
    }

    // ---- the API key ----

    /** The key, fetched on first use and kept; a failure is not kept, so the next call tries again. */
    private String apiKey() throws ApiKeySource.Unavailable {
        String key = apiKey;
        if (key != null) {
            return key;
        }
        synchronized (apiKeyLock) {
            if (apiKey == null) {
                String fetched;
                try {
                    fetched = apiKeySource.fetch();
                } catch (RuntimeException e) {
                    // Only the type: a message could hold anything.
                    throw new ApiKeySource.Unavailable("fetch failed with " + e.getClass().getName());
                }
                apiKey = checkedKey(fetched);
            }
            return apiKey;
        }
    }

    /** The trimmed key, if it can travel in a header; never quotes it. */
    private static String checkedKey(String raw) throws ApiKeySource.Unavailable {
        String key = raw == null ? "" : raw.strip();
        if (key.isEmpty()) {
            throw new ApiKeySource.Unavailable("the secret's value is empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                throw new ApiKeySource.Unavailable("the secret's value is not a valid header value"
                        + " (printable ASCII only)");
            }
        }
        return key;
    }

    // ---- the request ----

    private HttpRequest buildRequest(HttpRequestData data, int attempt, long timeoutMillis, String key)
            throws InvalidRequest {
        if (data == null) {
            throw new InvalidRequest("payload has no request");
        }
        if (attempt < 1) {
            throw new InvalidRequest("attempt must be >= 1");
        }
        String method = data.getMethod();
        if (method == null || method.isEmpty() || !method.chars().allMatch(ProxyHandler::isTokenChar)) {
            throw new InvalidRequest("method is missing or not an HTTP token");
        }
        URI uri = uri(data.getPath(), data.getQuery());
        byte[] body;
        try {
            String b = data.getBody() == null ? "" : data.getBody();
            body = data.getIsBase64Encoded() ? Base64.getDecoder().decode(b) : b.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("body is not valid base64");
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMillis(timeoutMillis))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
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
            }
            return b.build();
        } catch (IllegalArgumentException e) { // a header name or value the client refuses (e.g. CR/LF)
            throw new InvalidRequest("a forwarded header has an invalid name or value");
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
    private URI uri(String path, String query) throws InvalidRequest {
        String violation = PathRules.violation(path, query);
        if (violation != null) {
            throw new InvalidRequest(violation);
        }
        String q = query == null ? "" : query;
        URI target = config.target();
        URI uri;
        try {
            uri = URI.create(config.targetUrl() + path + (q.isEmpty() ? "" : "?" + q));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("path or query is not valid in a URL");
        }
        String base = target.getRawPath() == null ? "" : target.getRawPath();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!target.getScheme().equalsIgnoreCase(uri.getScheme()) || !target.getHost().equalsIgnoreCase(uri.getHost())
                || port(target) != port(uri) || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || uri.getRawPath() == null || !uri.getRawPath().startsWith(base + "/")) {
            throw new InvalidRequest("URL would leave the configured target");
        }
        return uri;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean isTokenChar(int c) {
        return HttpRules.isTokenChar(c);
    }

    // ---- the exchange ----

    private ProxyResult exchange(HttpRequest request, int attempt, long timeoutMillis, String key) {
        CompletableFuture<HttpResponse<BoundedBody.Content>> future =
                client.sendAsync(request, info -> new BoundedBody(config.maxResponseBytes()));
        HttpResponse<BoundedBody.Content> response;
        try {
            response = future.get(timeoutMillis + TIMEOUT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return noAnswer(TIMEOUT, attempt);
        } catch (ExecutionException e) {
            return noAnswer(classify(e.getCause()), attempt);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the upstream answer", e);
        }
        return answer(response, attempt, key);
    }

    /** Network failure → error code. Connect failures are told apart: there the request never left. */
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
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException
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

    private ProxyResult noAnswer(String error, int attempt) {
        int wait = waitSeconds(0, error, null, attempt);
        return new ProxyResult(0, null, "", false, wait, error,
                Json.cause(0, error, null, false, "", false, attempt, Long.MAX_VALUE));
    }

    private ProxyResult answer(HttpResponse<BoundedBody.Content> response, int attempt, String key) {
        int status = response.statusCode();
        HttpHeaders h = response.headers();
        Map<String, String> headers = responseHeaders(h, config.apiKeyHeader(), key, config.forwardCookies());
        String contentType = h.firstValue("content-type").orElse(null);
        boolean text = isText(contentType, h.firstValue("content-encoding").orElse(null));
        int wait = waitSeconds(status, "", h.firstValue("retry-after").orElse(null), attempt);
        byte[] bytes = response.body().bytes();
        if (!response.body().overflow()) {
            String decoded = text ? utf8(bytes) : null;
            String body = decoded != null ? decoded : Base64.getEncoder().encodeToString(bytes);
            boolean base64 = decoded == null && bytes.length > 0;
            ProxyResult r = fit(status, headers, body, base64, wait, "", contentType, base64, body, false, attempt);
            if (r != null) {
                return r;
            }
        }
        // Too large for the state payload: keep status and headers (the workflow still classifies them) and
        // put as much of the body as fits into the cause for whoever reads the failure.
        String preview = text
                ? new String(bytes, 0, Math.min(bytes.length, Json.MAX_CAUSE_CHARS), StandardCharsets.UTF_8)
                : Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, Math.min(bytes.length, Json.MAX_CAUSE_CHARS)));
        ProxyResult r = fit(status, headers, "", false, wait, RESPONSE_TOO_LARGE, contentType, !text, preview, true,
                attempt);
        if (r == null) { // the headers alone are too big
            r = fit(status, null, "", false, wait, RESPONSE_TOO_LARGE, contentType, !text, preview, true, attempt);
        }
        if (r == null) {
            throw new IllegalStateException("maxResponseBytes " + config.maxResponseBytes() + " is too small for any result");
        }
        return r;
    }

    /**
     * The result, with a cause cut to fit the size cap; null when it cannot fit. {@code causeBase64} says
     * whether {@code causeBody} is base64.
     */
    private ProxyResult fit(int status, Map<String, String> headers, String body, boolean base64, int wait,
            String error, String contentType, boolean causeBase64, String causeBody, boolean cut, int attempt) {
        ProxyResult r = new ProxyResult(status, headers, body, base64, wait, error, "");
        long room = config.maxResponseBytes() - Json.resultSize(r);
        if (error.isEmpty() && config.successOn().contains(status)) {
            return room >= 0 ? r : null;
        }
        String cause = Json.cause(status, error, contentType, causeBase64, causeBody, cut, attempt, room);
        if (cause == null) {
            return null;
        }
        r.setCause(cause);
        return r;
    }

    int waitSeconds(int status, String error, String retryAfter, int attempt) { // package-private: tests
        boolean retryable = NETWORK_ERRORS.contains(error)
                || (status != 0 && config.retryOn().contains(status) && !config.successOn().contains(status));
        if (!retryable) {
            return 0; // the workflow ends here; a wait would mean nothing
        }
        if (config.honorRetryAfter()) {
            OptionalLong hint = RetryAfter.seconds(retryAfter, clock);
            if (hint.isPresent()) {
                return (int) Math.min(hint.getAsLong(), config.maxRetryAfterSeconds());
            }
        }
        return config.backoff().draw(attempt, random);
    }

    // ---- SnapStart ----

    /**
     * Before the snapshot: one request through this handler's own HTTP client to a loopback server (never
     * the vendor), answered 429 with {@code Retry-After} so the retry and jitter paths run too, plus the
     * TLS context, so that the snapshot holds loaded, initialized classes. The loopback connection is
     * closed before the snapshot. (Not the runtime's serializer, unlike the orchestrator: no room in the
     * proxy jar's 50 KB.)
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        prime();
    }

    /** The priming; its result is the loopback server's 429 when everything ran (tests). */
    ProxyResult prime() throws IOException {
        Priming.tls();
        ProxyResult result;
        try (Priming loopback = new Priming(request -> Priming.response(429,
                "Retry-After: 1\r\nContent-Type: application/json\r\n", "{\"priming\":true}"))) {
            // Without the vendor key's header: the key is fetched on the first real request, never into the snapshot.
            ProxyHandler primer = new ProxyHandler(ProxyConfig.fromEnvironment(
                    Map.of(ProxyConfig.TARGET_URL, loopback.uri().toString())), client, clock, random, null);
            result = primer.handle(new ProxyRequest(new HttpRequestData("POST", "/_ratelimit/priming", "",
                    Map.of("content-type", "application/json"), "{}", false), 1));
        }
        return result;
    }

    /**
     * After a restore: a newly seeded jitter source, since every environment restored from one snapshot
     * would otherwise draw the same waits (and retry in step).
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        random = Priming.freshRandom();
    }

    /**
     * Upstream headers for the result, without hop-by-hop ones and without any echo of the API key (a
     * header of its name, or a value holding it): the result lands in the workflow's history. Vendor
     * cookies belong to the gateway's identity: dropped, unless {@code cookies}, then one per line (a
     * comma-joined {@code Set-Cookie} would break at every {@code Expires} date).
     */
    private static Map<String, String> responseHeaders(HttpHeaders h, String keyHeader, String key,
            boolean cookies) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : h.map().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(":") || HOP_BY_HOP.contains(name) || name.equals(keyHeader)
                    || (name.equals("set-cookie") && !cookies)) {
                continue;
            }
            String value = String.join(name.equals("set-cookie") ? "\n" : ", ", e.getValue());
            if (key != null && value.contains(key)) {
                continue;
            }
            String separator = name.equals("set-cookie") ? "\n" : ", ";
            out.merge(name, value, (a, b) -> a + separator + b);
        }
        return out;
    }

    /** Whether the body travels as text; anything else (or text not in UTF-8) goes base64, byte-exact. */
    static boolean isText(String contentType, String contentEncoding) {
        return HttpRules.isText(contentType, contentEncoding);
    }

    /** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---- logging ----

    /** One JSON line per invocation. Never the query, header values or bodies: they may hold secrets. */
    private static void log(Context context, int attempt, HttpRequestData data, ProxyResult r, String detail,
            long elapsedMillis) {
        String method = data == null || data.getMethod() == null ? "" : data.getMethod();
        String path = data == null || data.getPath() == null ? "" : data.getPath();
        int q = path.indexOf('?');
        path = q >= 0 ? path.substring(0, q) : path;
        StringBuilder line = new StringBuilder("{\"event\":\"upstream\",\"attempt\":").append(attempt)
                .append(",\"method\":");
        Json.quote(line, method.length() > 16 ? method.substring(0, 16) : method).append(",\"path\":");
        Json.quote(line, path.length() > 256 ? path.substring(0, 256) : path)
                .append(",\"statusCode\":").append(r.getStatusCode()).append(",\"error\":");
        Json.quote(line, r.getError()).append(",\"waitSeconds\":").append(r.getWaitSeconds())
                .append(",\"elapsedMs\":").append(elapsedMillis);
        if (detail != null) {
            Json.quote(line.append(",\"detail\":"), detail);
        }
        line.append('}');
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line.toString());
        } else {
            System.out.println(line);
        }
    }

    /** The payload cannot be sent; carries a fixed reason (never payload text). */
    private static final class InvalidRequest extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRequest(String reason) {
            super(reason, null, false, false);
        }
    }
}
