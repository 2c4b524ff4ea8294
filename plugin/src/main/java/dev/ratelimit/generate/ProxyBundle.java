package dev.ratelimit.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The proxy Lambda's deployment jar, bundled inside this plugin at build time (see the plugin's
 * pom), so generate needs nothing from the user's disk or network.
 */
public final class ProxyBundle {
  static final String RESOURCE = "/dev/ratelimit/bundle/proxy.jar";

  private ProxyBundle() {}

  public static byte[] load() {
    try (InputStream in = ProxyBundle.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The plugin jar lacks its bundled proxy Lambda ("
            + RESOURCE + "); it was built without the runtime-lambdas proxy artifact.");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled proxy Lambda", e);
    }
  }
}
