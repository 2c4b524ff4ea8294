package dev.ratelimit.simulate;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the caller got from the gateway's Function URL, as the real orchestrator answered it.
 *
 * @param status the HTTP status
 * @param headers the response headers (lower-case names, sorted)
 * @param body the body, base64 when {@code isBase64Encoded}
 * @param isBase64Encoded whether {@code body} is base64
 */
public record CallerAnswer(
    int status, Map<String, String> headers, String body, boolean isBase64Encoded) {

  public CallerAnswer {
    headers = Collections.unmodifiableMap(new TreeMap<>(headers));
    body = body == null ? "" : body;
  }
}
