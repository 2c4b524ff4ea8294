package dev.ratelimit.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** {@code <targetUrl>}: the vendor API's base URL, and how URLs are shown without their secrets. */
public final class TargetUrl {
  /**
   * Why a target URL is refused when {@link #isBaseUrl} is false; the simulation's targetUrl too.
   */
  public static final String BASE_URL_RULE =
      "must be a base URL without credentials, query or fragment"
          + " (the caller's path and query are appended)";

  private static final String EXAMPLE = "https://api.vendor.example/v1";

  private TargetUrl() {}

  /**
   * Whether {@code uri} has no user-info, query or fragment: the caller's path and query follow it.
   */
  public static boolean isBaseUrl(URI uri) {
    return uri.getRawUserInfo() == null
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null;
  }

  /**
   * {@code url} for a message or log line: the password of any user-info as {@code ****} ({@code
   * https://u:****@h}), a user-info without a colon (a token) masked whole. Works on text that does
   * not parse as a URL.
   */
  public static String maskCredentials(String url) {
    if (url == null) {
      return null;
    }
    int start = url.indexOf("://");
    start = start < 0 ? 0 : start + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    int keep = colon >= 0 && colon < at ? colon + 1 : start;
    return url.substring(0, keep) + "****" + url.substring(at);
  }

  /** The validated base URL, without a trailing slash. */
  static URI require(String targetUrl, boolean allowInsecureHttp) {
    if (targetUrl == null || targetUrl.isBlank()) {
      throw new InvalidConfigurationException(
          "targetUrl", targetUrl, "the vendor API's absolute https base URL is required", EXAMPLE);
    }
    String shown = maskCredentials(targetUrl); // messages are logged: never the password
    URI uri;
    try {
      uri = new URI(targetUrl.trim());
    } catch (URISyntaxException e) {
      throw new InvalidConfigurationException(
          "targetUrl",
          shown,
          "is not a valid URL (" + maskCredentials(e.getReason()) + ")",
          EXAMPLE);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new InvalidConfigurationException(
          "targetUrl", shown, "must be an absolute URL with a host", EXAMPLE);
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && allowInsecureHttp)) {
      throw new InvalidConfigurationException(
          "targetUrl",
          shown,
          scheme.equals("http")
              ? "must use https; plain http is accepted only with <allowInsecureHttp>true"
              : "must use https",
          EXAMPLE);
    }
    if (!isBaseUrl(uri)) {
      throw new InvalidConfigurationException("targetUrl", shown, BASE_URL_RULE, EXAMPLE);
    }
    String s = uri.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }
}
