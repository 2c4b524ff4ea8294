package dev.ratelimit.runtime.orchestrator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Who may read a STANDARD execution's answer: the caller who started it. The execution's input
 * records a fingerprint of that caller ({@link WorkflowInput#CALLER}); every status read presents
 * one, and only an equal fingerprint (compared in constant time) sees the execution; anyone else
 * gets the same 404 as for an unknown id.
 *
 * <ul>
 *   <li>{@code AWS_IAM}: the Function URL's verified principal ({@code
 *       requestContext.authorizer.iam}: account, user ARN, caller id). For an assumed role that is
 *       the role session.
 *   <li>{@code NONE} (no IAM principal): a random 256-bit token, returned once with the 202 in
 *       {@link #TOKEN_HEADER}; the status read must send it back in that header.
 * </ul>
 *
 * Only SHA-256 fingerprints are stored, never the token or the ARN: the input lands in the
 * execution's history.
 */
final class CallerIdentity {
  /** The header that carries the status token (auth NONE): in the 202, and on every status read. */
  static final String TOKEN_HEADER = "x-ratelimit-token";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The owner of a new execution: its fingerprint, and the token to hand back (null with an IAM
   * principal).
   */
  record Owner(String fingerprint, String token) {}

  private CallerIdentity() {}

  /** The owner of an execution this request starts. */
  static Owner newOwner(FunctionUrlEvent event) {
    String principal = principal(event);
    if (principal != null) {
      return new Owner(fingerprint("iam", principal), null);
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return new Owner(fingerprint("token", token), token);
  }

  /**
   * The fingerprint a status read presents; null when it presents none (auth NONE without a token).
   */
  static String presented(FunctionUrlEvent event) {
    String principal = principal(event);
    if (principal != null) {
      return fingerprint("iam", principal);
    }
    String token = header(event.getHeaders(), TOKEN_HEADER);
    return token == null || token.isBlank() ? null : fingerprint("token", token.strip());
  }

  /** Constant-time comparison; false when either side is missing. */
  static boolean matches(String recorded, String presented) {
    if (recorded == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        recorded.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The IAM principal Lambda verified (SigV4), or null when the URL has auth NONE. */
  private static String principal(FunctionUrlEvent event) {
    FunctionUrlEvent.RequestContext rc = event.getRequestContext();
    FunctionUrlEvent.Iam iam =
        rc == null || rc.getAuthorizer() == null ? null : rc.getAuthorizer().getIam();
    if (iam == null || (isBlank(iam.getUserArn()) && isBlank(iam.getCallerId()))) {
      return null;
    }
    return nullToEmpty(iam.getAccountId())
        + "\n"
        + nullToEmpty(iam.getUserArn())
        + "\n"
        + nullToEmpty(iam.getCallerId());
  }

  private static String fingerprint(String kind, String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return kind + ":" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
