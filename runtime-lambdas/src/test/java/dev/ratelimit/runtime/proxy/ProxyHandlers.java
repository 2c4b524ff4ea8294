package dev.ratelimit.runtime.proxy;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The handler's constructor with a key source, for tests in other packages: it is not public, since
 * its parameter's type ships in the proxy-secrets jar only.
 */
public final class ProxyHandlers {
  private ProxyHandlers() {}

  public static ProxyHandler withKeySource(
      ProxyConfig config,
      HttpClient client,
      Clock clock,
      RandomGenerator random,
      ApiKeySource source) {
    return new ProxyHandler(config, client, clock, random, source);
  }
}
