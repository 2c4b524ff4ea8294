package dev.ratelimit.cloudformation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The sha256 (hex) of each deployment jar the template's functions run. The template names its code
 * only by the {@code *CodeKey} parameters, so a published version learns of new code from here.
 */
public record FunctionCode(String proxySha256, String orchestratorSha256) {
  public FunctionCode {
    Objects.requireNonNull(proxySha256, "proxySha256");
    Objects.requireNonNull(orchestratorSha256, "orchestratorSha256");
  }

  public static FunctionCode of(byte[] proxyJar, byte[] orchestratorJar) {
    return new FunctionCode(sha256(proxyJar), sha256(orchestratorJar));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
