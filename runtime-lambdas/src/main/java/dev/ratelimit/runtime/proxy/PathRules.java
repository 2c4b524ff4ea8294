package dev.ratelimit.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * The one set of rules for the caller's raw path and query, applied by the orchestrator (400 before
 * any workflow starts) and again by the proxy before it builds the upstream URL. Plain Java, no
 * dependencies: it ships in both deployment jars.
 *
 * <p>A path must start with a single {@code /}; hold visible ASCII only, without {@code \ ? #}; be
 * valid in a {@link URI} (the parser the proxy builds the upstream URL with); have well-formed
 * {@code %XX} escapes (no {@code %u}) that decode to valid UTF-8 (no overlong forms such as {@code
 * %c0%ae}) without control characters (CR, LF, NUL, ...); and no segment may be empty, a dot
 * segment ({@code .}, {@code ..}, also with path parameters such as {@code ..;}, percent-encoded,
 * or in Unicode look-alikes that NFKC folds to dots), hide a {@code /} or {@code \}, or read as an
 * absolute URL. {@code @} is allowed ({@code /users/@me}, {@code /@scope/pkg}): after the leading
 * {@code /} it cannot reach the authority. The query holds visible ASCII without {@code #} and must
 * be valid in a {@link URI}.
 */
public final class PathRules {
  /**
   * Decoding rounds before a path counts as encoded too many times: no honest client nests escapes.
   */
  static final int MAX_DECODE_ROUNDS = 4;

  // Any authority does: only the path and query are checked, and URI parses them independently of
  // it.
  private static final String BASE = "http://gateway.invalid";

  private PathRules() {}

  /**
   * Why {@code path} and {@code query} (raw, as received; the query without {@code ?}, null for
   * none) may not be appended to the target URL, or null when they may. The message names the rule,
   * where it broke (a position and at most one character of the request) and how to write it
   * instead.
   */
  public static String violation(String path, String query) {
    if (path == null || !path.startsWith("/") || path.startsWith("//")) {
      return "path must start with a single / (e.g. /v1/items)";
    }
    String q = query == null ? "" : query;
    String bad = characters(path, "path", "\\?#");
    bad = bad != null ? bad : escapes(path, "path");
    bad = bad != null ? bad : characters(q, "query", "#");
    bad = bad != null ? bad : parse(path, q);
    return bad != null ? bad : segments(path);
  }

  /** Only visible ASCII, without {@code forbidden}. */
  private static String characters(String s, String part, String forbidden) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || forbidden.indexOf(c) >= 0) {
        return part + " has " + describe(c) + " at " + i + "; percent-encode it (e.g. %20)";
      }
    }
    return null;
  }

  /** Every {@code %} starts {@code %XX} (which also refuses IIS's {@code %u}). */
  private static String escapes(String s, String part) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%'
          && (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0)) {
        return (i + 1 < s.length() && (s.charAt(i + 1) | 0x20) == 'u'
            ? part + " has a %u escape at " + i + "; encode the UTF-8 bytes (e.g. %2E)"
            : part + " has a malformed escape at " + i + "; write % as %25");
      }
    }
    return null;
  }

  /**
   * What {@link URI} (the proxy's parser) refuses, e.g. {@code ?discount=50%}, {@code ?q=a|b},
   * {@code /{id}}.
   */
  private static String parse(String path, String query) {
    try {
      new URI(BASE + path + (query.isEmpty() ? "" : "?" + query));
      return null;
    } catch (URISyntaxException e) {
      int at = e.getIndex() - BASE.length();
      boolean inQuery = at > path.length();
      String part = inQuery ? "query" : "path";
      String s = inQuery ? query : path;
      int pos = inQuery ? at - path.length() - 1 : at;
      if (pos < 0 || pos >= s.length()) {
        return part + " is not valid in a URL (" + e.getReason() + ")";
      }
      char c = s.charAt(pos);
      return c == '%'
          ? part + " has a malformed escape at " + pos + "; write % as %25"
          : part
              + " has "
              + describe(c)
              + " at "
              + pos
              + ", not allowed in a URL; write it as %"
              + HexFormat.of().withUpperCase().toHexDigits((byte) c);
    }
  }

  /** Per segment, after each of up to {@link #MAX_DECODE_ROUNDS} decodings. */
  private static String segments(String path) {
    String[] segments = path.substring(1).split("/", -1);
    for (int k = 0; k < segments.length; k++) {
      String s = segments[k];
      if (s.isEmpty() && k < segments.length - 1) {
        return "path has an empty segment (//)"; // also "/http://host"
      }
      for (int round = 1; ; round++) {
        String decoded = decodeUtf8(s);
        if (decoded == null) {
          return "path's escapes are not valid UTF-8 (e.g. overlong %c0%ae)";
        }
        for (int i = 0; i < decoded.length(); i++) {
          char c = decoded.charAt(i);
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return "path has an encoded control character (e.g. %0d %0a %00)";
          }
        }
        String folded = Normalizer.normalize(decoded, Normalizer.Form.NFKC);
        if (folded.indexOf('/') >= 0 || folded.indexOf('\\') >= 0) {
          return "path has an encoded / or \\ in a segment (e.g. %2F)";
        }
        if (folded.contains(":/") || folded.contains(":\\")) {
          return "path reads as an absolute URL (scheme://)";
        }
        int params = folded.indexOf(';');
        String name = (params >= 0 ? folded.substring(0, params) : folded).strip();
        if (name.equals(".") || name.equals("..")) {
          return "path has a dot segment (. or .., also encoded or as ..;)";
        }
        String nested = escapes(decoded, "path");
        if (decoded.equals(s) || (nested != null && !nested.contains("%u"))) {
          break; // plain, or a decoded literal %: data, not another layer of escapes
        }
        if (nested != null || round >= MAX_DECODE_ROUNDS) {
          return "path is percent-encoded too many times over, or hides a %u escape; encode once";
        }
        s = decoded;
      }
    }
    return null;
  }

  /**
   * {@code %XX} escapes decoded to bytes, read as strict UTF-8; null when the bytes are not UTF-8.
   */
  static String decodeUtf8(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return utf8(bytes.toByteArray());
  }

  /** The bytes as UTF-8 text, or null when they are not valid UTF-8 (the proxy's bodies too). */
  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String describe(char c) {
    return c > 0x20 && c < 0x7f
        ? "'" + c + "'"
        : "character U+" + HexFormat.of().withUpperCase().toHexDigits(c);
  }

  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
