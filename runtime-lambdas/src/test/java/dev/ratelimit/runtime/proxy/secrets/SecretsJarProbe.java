package dev.ratelimit.runtime.proxy.secrets;

import dev.ratelimit.runtime.proxy.HttpRequestData;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import dev.ratelimit.runtime.proxy.ProxyRequest;
import dev.ratelimit.runtime.proxy.ProxyResult;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;

/**
 * Runs in a fresh JVM with only a deployment jar (plus this class) on the class path, configured by
 * the environment exactly as in Lambda. It prints facts about the key, never the key.
 *
 * <ul>
 *   <li>{@code fetch}: builds {@link SecretsManagerApiKeySource} from {@code
 *       RATELIMIT_API_KEY_SECRET_ARN} and {@code AWS_REGION} and fetches once; prints {@code
 *       keyLength}, {@code clientMillis} (building the client), {@code fetchMillis} (the first
 *       GetSecretValue) and {@code uptimeMillis} (JVM start to the answer). Used by
 *       ProxySecretsJarIT and bench/secret-cost.sh.
 *   <li>{@code proxy}: {@code new ProxyHandler()} (the Lambda runtime's path) and one GET of
 *       /probe; prints {@code statusCode} and {@code error}.
 * </ul>
 */
public final class SecretsJarProbe {
  private SecretsJarProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "fetch" : args[0];
    if (mode.equals("proxy")) {
      ProxyResult r =
          new ProxyHandler()
              .handle(
                  new ProxyRequest(
                      new HttpRequestData("GET", "/probe", "", new LinkedHashMap<>(), "", false),
                      1));
      System.out.println("statusCode=" + r.getStatusCode() + " error=" + r.getError());
      return;
    }
    long t0 = System.nanoTime();
    SecretsManagerApiKeySource source =
        new SecretsManagerApiKeySource(System.getenv("RATELIMIT_API_KEY_SECRET_ARN"));
    long t1 = System.nanoTime();
    String key = source.fetch();
    long t2 = System.nanoTime();
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    source.close();
    System.out.println(
        "keyLength="
            + key.length()
            + " clientMillis="
            + (t1 - t0) / 1_000_000
            + " fetchMillis="
            + (t2 - t1) / 1_000_000
            + " uptimeMillis="
            + uptime);
  }
}
