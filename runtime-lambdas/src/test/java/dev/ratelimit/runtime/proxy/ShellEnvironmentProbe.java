package dev.ratelimit.runtime.proxy;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.util.Map;

/**
 * Run in a fresh JVM by {@link ProxyMetricsTest}: builds a handler through the constructors the
 * local simulation and tests use, in a process whose environment names a metrics namespace (as a
 * developer's shell might), and says whether it came up without metrics.
 */
public final class ShellEnvironmentProbe {
  private ShellEnvironmentProbe() {}

  public static void main(String[] args) {
    ProxyHandler handler =
        new ProxyHandler(
            ProxyConfig.fromEnvironment(
                Map.of(EnvironmentNames.TARGET_URL, "https://api.vendor.example")));
    System.out.println("constructed, metrics " + (handler.metricsOn() ? "on" : "off"));
  }
}
