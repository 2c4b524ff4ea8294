package dev.ratelimit.generate;

import dev.ratelimit.cloudformation.FunctionCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Lambda deployment jars, bundled inside this plugin at build time (see the plugin's pom), so
 * generate needs nothing from the user's disk or network. The proxy comes in two builds: without an
 * AWS SDK (the default, tiny) and with the Secrets Manager client (when an API key is configured).
 *
 * <p>Each bundled jar has its sha256 beside it ({@code <jar>.sha256}), computed when the plugin is
 * built: hashing the 5.3 MB orchestrator on every generate cost a cold JVM about 70 ms.
 */
public final class RuntimeBundle {
  static final String DIRECTORY = "/dev/ratelimit/bundle/";
  static final String PROXY = "proxy.jar";
  static final String PROXY_WITH_SECRETS = "proxy-secrets.jar";
  static final String ORCHESTRATOR = "orchestrator.jar";
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final byte[] proxy;
  private final byte[] proxyWithSecrets;
  private final byte[] orchestrator;
  private final boolean bundled;

  /** Jars given in memory (tests, tools); their digests are computed when asked for. */
  public RuntimeBundle(byte[] proxy, byte[] proxyWithSecrets, byte[] orchestrator) {
    this(proxy, proxyWithSecrets, orchestrator, false);
  }

  private RuntimeBundle(
      byte[] proxy, byte[] proxyWithSecrets, byte[] orchestrator, boolean bundled) {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    this.proxyWithSecrets = proxyWithSecrets;
    this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
    this.bundled = bundled;
  }

  /**
   * The bundled jars; the 4.5 MB proxy with Secrets Manager is read only when a gateway needs it.
   */
  public static RuntimeBundle load() {
    return new RuntimeBundle(read(PROXY), null, read(ORCHESTRATOR), true);
  }

  /** The proxy build for a gateway, with the SDK only when it has to read a secret. */
  public byte[] proxyFor(boolean needsSecrets) {
    if (!needsSecrets) {
      return proxy;
    }
    return proxyWithSecrets != null ? proxyWithSecrets : read(PROXY_WITH_SECRETS);
  }

  public byte[] orchestrator() {
    return orchestrator;
  }

  /** The sha256 of the jars {@link #proxyFor} and {@link #orchestrator} give. */
  public FunctionCode code(boolean needsSecrets) {
    if (!bundled) {
      return FunctionCode.of(proxyFor(needsSecrets), orchestrator);
    }
    return new FunctionCode(
        digest(needsSecrets ? PROXY_WITH_SECRETS : PROXY), digest(ORCHESTRATOR));
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

  /** The digest the plugin's build wrote beside a bundled jar (Ant's checksum task: hex only). */
  static String digest(String jar) {
    String text = new String(read(jar + ".sha256"), StandardCharsets.US_ASCII).trim();
    if (!SHA256_HEX.matcher(text).matches()) {
      throw new IllegalStateException(
          "The plugin jar's " + DIRECTORY + jar + ".sha256 is not a sha256: " + text);
    }
    return text;
  }
}
