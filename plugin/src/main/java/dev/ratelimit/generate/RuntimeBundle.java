package dev.ratelimit.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The Lambda deployment jars, bundled inside this plugin at build time (see the plugin's pom), so
 * generate needs nothing from the user's disk or network. The proxy comes in two builds: without an
 * AWS SDK (the default, tiny) and with the Secrets Manager client (when an API key is configured).
 */
public record RuntimeBundle(byte[] proxy, byte[] proxyWithSecrets, byte[] orchestrator) {
  static final String DIRECTORY = "/dev/ratelimit/bundle/";

  public RuntimeBundle {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(orchestrator, "orchestrator");
  }

  /**
   * The bundled jars; the 4.5 MB proxy with Secrets Manager is read only when a gateway needs it.
   */
  public static RuntimeBundle load() {
    return new RuntimeBundle(read("proxy.jar"), null, read("orchestrator.jar"));
  }

  /** The proxy build for a gateway, with the SDK only when it has to read a secret. */
  public byte[] proxyFor(boolean needsSecrets) {
    if (!needsSecrets) {
      return proxy;
    }
    return proxyWithSecrets != null ? proxyWithSecrets : read("proxy-secrets.jar");
  }

  private static byte[] read(String name) {
    try (InputStream in = RuntimeBundle.class.getResourceAsStream(DIRECTORY + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "The plugin jar lacks its bundled Lambda "
                + DIRECTORY
                + name
                + "; it was built without the runtime-lambdas artifacts.");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled Lambda " + name, e);
    }
  }
}
