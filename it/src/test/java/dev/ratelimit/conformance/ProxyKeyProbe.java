package dev.ratelimit.conformance;

import dev.ratelimit.runtime.proxy.HttpRequestData;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import dev.ratelimit.runtime.proxy.ProxyRequest;
import dev.ratelimit.runtime.proxy.ProxyResult;
import java.util.LinkedHashMap;

/**
 * Runs in a fresh JVM with only a generated proxy jar (plus this class) on the class path,
 * configured by the environment exactly as the template configures the function: {@code new
 * ProxyHandler()} (the Lambda runtime's path) and one GET of /probe. Prints the status and error,
 * never the key.
 */
public final class ProxyKeyProbe {
  private ProxyKeyProbe() {}

  public static void main(String[] args) {
    ProxyResult r =
        new ProxyHandler()
            .handle(
                new ProxyRequest(
                    new HttpRequestData("GET", "/probe", "", new LinkedHashMap<>(), "", false), 1));
    System.out.println("statusCode=" + r.getStatusCode() + " error=" + r.getError());
  }
}
