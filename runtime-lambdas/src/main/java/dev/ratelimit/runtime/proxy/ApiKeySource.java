package dev.ratelimit.runtime.proxy;

import java.time.Duration;

/**
 * Where the proxy gets the vendor's API key. The handler keeps the answer for {@link
 * ApiKeyCache#TTL} and asks again early when the vendor refuses it; a failed fetch is not kept, so
 * the next invocation asks again.
 *
 * <p>The Secrets Manager implementation lives in {@code dev.ratelimit.runtime.proxy.secrets} and is
 * loaded by name only when {@link ProxyConfig#API_KEY_SECRET_ARN} is set, so that the plain proxy
 * jar needs no AWS SDK.
 */
public interface ApiKeySource {
  /**
   * Class name of the Secrets Manager implementation; it has a public constructor taking the ARN.
   */
  String SECRETS_MANAGER = "dev.ratelimit.runtime.proxy.secrets.SecretsManagerApiKeySource";

  /**
   * Fetches the key.
   *
   * @return the key (the handler trims it and checks it is a valid header value)
   * @throws Unavailable with a message that is safe to log and to put into the workflow's history
   */
  String fetch() throws Unavailable;

  /**
   * Fetches the key within {@code budget} (what the invocation can spare: the HTTP request still
   * needs its time); an implementation that cannot be interrupted may ignore it.
   */
  default String fetch(Duration budget) throws Unavailable {
    return fetch();
  }

  /**
   * The key could not be fetched. The message never holds secret material. Transient: the store
   * could not be reached or asked us to slow down (network, timeout, throttling, its own 5xx), so a
   * key already held may still be served; otherwise the store answered no (access denied, no such
   * secret, a key disabled, a value that is no key), which ends any key held.
   */
  final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean transientFailure;

    public Unavailable(String safeMessage) {
      this(safeMessage, false);
    }

    public Unavailable(String safeMessage, boolean transientFailure) {
      super(safeMessage, null, false, false);
      this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
      return transientFailure;
    }
  }
}
