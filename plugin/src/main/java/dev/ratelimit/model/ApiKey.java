package dev.ratelimit.model;

import dev.ratelimit.runtime.contract.HeaderRules;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code <apiKeySecretArn>} and {@code <apiKeyHeader>}: both or neither.
 *
 * @param secretArn the Secrets Manager secret holding the vendor's key, or null for no key
 * @param header the header that carries it, lower-case, or null for no key
 */
record ApiKey(String secretArn, String header) {
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[\\w/+=.@-]{1,512}");
  private static final String SECRET_EXAMPLE =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor-key-AbCdEf";

  static ApiKey require(String rawSecretArn, String rawHeader) {
    String secretArn = Check.blankToNull(rawSecretArn);
    String header = Check.blankToNull(rawHeader);
    if (secretArn == null && header == null) {
      return new ApiKey(null, null);
    }
    if (secretArn == null) {
      throw new InvalidConfigurationException(
          "apiKeySecretArn",
          null,
          "apiKeyHeader is set, so the secret holding the vendor's key is required too",
          SECRET_EXAMPLE);
    }
    if (!SECRET_ARN.matcher(secretArn).matches()) {
      throw new InvalidConfigurationException(
          "apiKeySecretArn",
          secretArn,
          "must be the ARN of a Secrets Manager secret",
          SECRET_EXAMPLE);
    }
    if (header == null) {
      throw new InvalidConfigurationException(
          "apiKeyHeader",
          null,
          "apiKeySecretArn is set, so the header that carries the key is required too",
          "x-api-key");
    }
    String h = header.toLowerCase(Locale.ROOT);
    if (!ForwardHeaders.HEADER_TOKEN.matcher(h).matches()) {
      throw new InvalidConfigurationException(
          "apiKeyHeader",
          header,
          "must be an HTTP header name the vendor reads its key from",
          "x-api-key");
    }
    String violation = HeaderRules.apiKeyHeaderViolation(h);
    if (violation != null) {
      throw new InvalidConfigurationException(
          "apiKeyHeader", header, "cannot carry the key: " + violation, "x-api-key");
    }
    return new ApiKey(secretArn, h);
  }
}
