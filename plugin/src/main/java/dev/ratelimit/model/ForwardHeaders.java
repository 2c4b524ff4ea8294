package dev.ratelimit.model;

import dev.ratelimit.runtime.contract.HeaderRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code <forwardHeaders>}: the caller headers passed upstream, lower-case and sorted. */
final class ForwardHeaders {
  static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");
  private static final String EXAMPLE = "accept,content-type,x-request-id";

  private ForwardHeaders() {}

  static List<String> require(List<String> forwardHeaders) {
    if (forwardHeaders == null) {
      return HeaderRules.DEFAULT_FORWARD;
    }
    List<String> out = new ArrayList<>();
    for (String raw : forwardHeaders) {
      String h = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
      if (h.isEmpty()) {
        continue;
      }
      if (!HEADER_TOKEN.matcher(h).matches()) {
        throw new InvalidConfigurationException(
            "forwardHeaders", raw, "is not an HTTP header name", EXAMPLE);
      }
      // The runtime's own list (the proxy fails at init on the same names).
      String violation = HeaderRules.forwardHeaderViolation(h);
      if (violation != null) {
        throw new InvalidConfigurationException(
            "forwardHeaders", raw, "is never forwarded: " + violation, EXAMPLE);
      }
      if (!out.contains(h)) {
        out.add(h);
      }
    }
    out.sort(null);
    if (out.contains("cookie")) {
      throw new InvalidConfigurationException(
          "forwardHeaders",
          "cookie",
          "cookies travel only with forwardCookies (Function URLs deliver them apart from the"
              + " headers)",
          "<forwardCookies>true</forwardCookies>");
    }
    return List.copyOf(out);
  }
}
