package dev.ratelimit.simulate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ratelimit.asl.local.LambdaFailure;
import dev.ratelimit.asl.local.LambdaInvoker;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.asl.local.VirtualTime;
import dev.ratelimit.cloudformation.ProxyEnvironment;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.ProxyNaming;
import dev.ratelimit.runtime.proxy.ProxyConfig;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import dev.ratelimit.runtime.proxy.ProxyRequest;
import dev.ratelimit.runtime.proxy.ProxyResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * The workflow's proxy Lambdas, run in this JVM: the real {@link ProxyHandler}, one per proxy, each
 * with the configuration its function gets from the template ({@link ProxyEnvironment#of} read by
 * {@link ProxyConfig#fromEnvironment}). Payloads and results cross the boundary as JSON through the
 * Lambda Java runtime's own serializer ({@code aws-lambda-java-serialization}'s {@link
 * JacksonFactory}, the one that drops null fields), so the executor sees byte for byte what a
 * deployed proxy returns.
 *
 * <p>Functions are found by name, {@link ProxyNaming#functionName} (as {@link
 * StateMachineRunner#forGenerated} substitutes them), or by an ARN ending in that name. An unknown
 * function fails like Lambda's {@code ResourceNotFoundException}; a handler that throws fails like
 * a crashed function ({@link LambdaFailure#unhandled}).
 */
public final class InProcessProxies implements LambdaInvoker {
  private static final PojoSerializer<ProxyRequest> REQUESTS =
      JacksonFactory.getInstance().getSerializer(ProxyRequest.class);
  private static final PojoSerializer<ProxyResult> RESULTS =
      JacksonFactory.getInstance().getSerializer(ProxyResult.class);

  private final Map<String, String> environment;
  private final Map<String, ProxyHandler> handlers = new LinkedHashMap<>();
  private final AtomicIntegerArray calls;
  private final Consumer<String> logs;
  private final int timeoutMillis;

  /**
   * @param clients the HTTP client of proxy N (1-based), e.g. {@link ProxyHandler#newHttpClient} or
   *     one whose connections leave from a per-proxy address
   * @param clock what the proxies read {@code Retry-After} dates against (simulated time: {@link
   *     VirtualTime#asClock()})
   * @param random the proxies' jitter source (must be thread-safe if proxies run concurrently)
   */
  public InProcessProxies(
      WorkflowSpec spec, IntFunction<HttpClient> clients, Clock clock, RandomGenerator random) {
    this(spec, clients, clock, random, null);
  }

  /**
   * @param logs where the proxies' log lines go (each invocation then gets a Lambda {@link Context}
   *     whose logger this is, as a deployed proxy logs to CloudWatch); null: standard output
   */
  public InProcessProxies(
      WorkflowSpec spec,
      IntFunction<HttpClient> clients,
      Clock clock,
      RandomGenerator random,
      Consumer<String> logs) {
    this.logs = logs;
    this.timeoutMillis = spec.proxyTimeoutSeconds() * 1000;
    this.environment = ProxyEnvironment.of(spec);
    ProxyConfig config = ProxyConfig.fromEnvironment(environment);
    if (config.apiKeyHeader() != null) {
      throw new IllegalArgumentException(
          "in-process proxies cannot read the vendor key from"
              + " Secrets Manager; simulate without apiKeySecretArn");
    }
    for (int n = 1; n <= spec.proxies(); n++) {
      handlers.put(
          ProxyNaming.functionName(spec.workflowName(), n),
          new ProxyHandler(config, clients.apply(n), clock, random));
    }
    calls = new AtomicIntegerArray(spec.proxies() + 1);
  }

  /** Each proxy with the production HTTP client ({@link ProxyHandler#newHttpClient}). */
  public static InProcessProxies of(WorkflowSpec spec, Clock clock, RandomGenerator random) {
    ProxyConfig config = ProxyConfig.fromEnvironment(ProxyEnvironment.of(spec));
    HttpClient client = ProxyHandler.newHttpClient(config);
    return new InProcessProxies(spec, n -> client, clock, random);
  }

  @Override
  public String invoke(String functionName, String payloadJson) throws LambdaFailure {
    String name = ProxyNaming.functionNameOf(functionName);
    ProxyHandler handler = handlers.get(name);
    if (handler == null) {
      throw new LambdaFailure(
          "Lambda.ResourceNotFoundException",
          "Function not found: " + functionName + " (known: " + handlers.keySet() + ")");
    }
    calls.incrementAndGet(ProxyNaming.proxyNumber(name));
    ProxyResult result;
    try {
      ProxyRequest request =
          REQUESTS.fromJson(new ByteArrayInputStream(payloadJson.getBytes(StandardCharsets.UTF_8)));
      result =
          logs == null
              ? handler.handle(request)
              : handler.handleRequest(request, new LocalLambdaContext(name, timeoutMillis, logs));
    } catch (RuntimeException | Error e) {
      throw LambdaFailure.unhandled(e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RESULTS.toJson(result, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Sends each proxy's metrics to {@code sink}: the EMF line per attempt it writes to standard
   * output in Lambda, with its function name as the {@code Proxy} dimension. Only where the
   * environment the template gives the proxies switches them on, as in Lambda: with the gateway's
   * {@code metrics} off, none.
   */
  public InProcessProxies withMetrics(Consumer<String> sink) {
    handlers.forEach(
        (name, handler) -> {
          Map<String, String> env = new LinkedHashMap<>(environment);
          env.put(EnvironmentNames.AWS_LAMBDA_FUNCTION_NAME, name); // Lambda sets it
          handler.withMetrics(env, sink);
        });
    return this;
  }

  /** How many times proxy N (1-based) was invoked. */
  public int calls(int proxy) {
    return calls.get(proxy);
  }
}
