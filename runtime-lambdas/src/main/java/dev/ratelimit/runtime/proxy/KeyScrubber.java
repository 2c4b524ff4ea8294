package dev.ratelimit.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One vendor key and the forms an echo could carry it in, to be cut out of whatever the proxy
 * returns.
 *
 * <p>Secrets are the key and, when it has the shape {@code <scheme> <credentials>} (e.g. {@code
 * Bearer sk-...} in an {@code authorization}-like header), the credentials alone; for {@code Basic}
 * also the password inside them. Each secret, and its base64 encodings (standard and URL-safe
 * alphabets, at each of the three byte alignments, so that the key is found inside any larger
 * base64 text too, e.g. {@code base64(user:key)}), is matched character by character: a letter or
 * digit only as itself, any other character raw or in any of its encodings ({@code %2B} in either
 * case, <code>&#92;u002B</code>, backslash-escaped, {@code &#43;}, {@code &#x2B;}; a space also as
 * {@code +}), since encoders each escape a different subset. Line breaks (CR, LF, or their JSON
 * escapes) may fall anywhere inside a match: MIME base64 wraps at 76 columns. Derived secrets
 * shorter than {@link #MIN_PART} characters, and base64 cores shorter than that, are left alone:
 * they would match ordinary text.
 */
final class KeyScrubber {
  /** What replaces a secret. */
  static final String MARK = "[REDACTED]";

  private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
  static final int MIN_PART = 8;

  /** The longest encoding of one character matched ({@code &#x0000003D;}). */
  private static final int MAX_UNIT = 11;

  private final String key;
  private final List<byte[]> forms = new ArrayList<>(); // ASCII, longest first
  private int longest;

  KeyScrubber(String key) {
    this.key = key;
    Set<String> secrets = new LinkedHashSet<>();
    secrets.add(key);
    int space = key.indexOf(' ');
    if (space > 0 && key.indexOf(' ', space + 1) < 0) {
      String credentials = key.substring(space + 1);
      addPart(secrets, credentials);
      if (key.regionMatches(true, 0, "basic", 0, space)) {
        try {
          String pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
          addPart(secrets, pair);
          addPart(secrets, pair.substring(pair.indexOf(':') + 1));
        } catch (IllegalArgumentException e) {
          // not base64: the credentials alone are the secret
        }
      }
    }
    Set<String> all = new LinkedHashSet<>();
    for (String s : secrets) {
      all.add(s);
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      for (int offset = 0; offset < 3; offset++) {
        addCore(all, Base64.getEncoder().withoutPadding(), b, offset);
        addCore(all, Base64.getUrlEncoder().withoutPadding(), b, offset);
      }
    }
    for (String f : all) { // longest first, so that a form inside a longer one does not break it up
      int i = 0;
      while (i < forms.size() && forms.get(i).length >= f.length()) {
        i++;
      }
      forms.add(i, f.getBytes(StandardCharsets.US_ASCII));
    }
    longest = forms.get(0).length * MAX_UNIT;
  }

  private static void addPart(Set<String> secrets, String part) {
    if (part.length() >= MIN_PART) {
      secrets.add(part);
    }
  }

  /**
   * The base64 characters that depend on the secret's bytes alone when it starts {@code offset}
   * bytes into a 3-byte group: the first characters also encode the bytes before it, the last ones
   * the bytes after.
   */
  private static void addCore(
      Set<String> forms, Base64.Encoder encoder, byte[] secret, int offset) {
    byte[] shifted = new byte[offset + secret.length];
    System.arraycopy(secret, 0, shifted, offset, secret.length);
    String encoded = encoder.encodeToString(shifted);
    int end = encoded.length() - (shifted.length % 3 == 0 ? 0 : 1);
    int start = offset == 0 ? 0 : offset + 1;
    if (end - start >= MIN_PART) {
      forms.add(encoded.substring(start, end));
    }
  }

  String key() {
    return key;
  }

  /** Whether {@code s} holds any form of the key. */
  boolean foundIn(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return scrub(b) != b;
  }

  /** {@code in} with every form replaced by {@link #MARK}; {@code in} itself when none occurs. */
  byte[] scrub(byte[] in) {
    ByteArrayOutputStream out = null;
    int from = 0;
    for (int i = 0; i < in.length; ) {
      int end = -1;
      for (int f = 0; f < forms.size() && end < 0; f++) {
        end = match(in, i, forms.get(f));
      }
      if (end < 0) {
        i++;
        continue;
      }
      if (out == null) {
        out = new ByteArrayOutputStream(in.length);
      }
      out.write(in, from, i - from);
      out.write(MARK_BYTES, 0, MARK_BYTES.length);
      i = end;
      from = end;
    }
    if (out == null) {
      return in;
    }
    out.write(in, from, in.length - from);
    return out.toByteArray();
  }

  /**
   * An upstream body without the key in any form (a cut one also without its last bytes, which
   * could start a key); a body the proxy cannot read (compressed despite its {@code
   * accept-encoding: identity}, or in a charset such as UTF-16 that spreads the key's bytes apart)
   * is withheld. Marks {@link HttpRules#REDACTED_HEADER} in the result's {@code headers} when it
   * changed anything.
   */
  byte[] scrubBody(byte[] bytes, boolean readable, boolean cut, Map<String, String> headers) {
    byte[] out = readable || bytes.length == 0 ? scrub(bytes) : new byte[0];
    if (out != bytes) {
      String h = HttpRules.REDACTED_HEADER;
      headers.put(h, headers.containsKey(h) ? "body, headers" : "body");
    }
    // A cut body is only a preview (marked truncated): its end could hold the first part of a key.
    return cut ? Arrays.copyOf(out, out.length - tailToDrop(out.length)) : out;
  }

  /**
   * How many bytes to drop from the end of a body cut at the size limit: a key split by the cut
   * would leave its first part there, which no form matches.
   */
  int tailToDrop(int length) {
    return Math.min(length, longest - 1);
  }

  /**
   * Where {@code form} ends when it starts at {@code at} of {@code in}, in any encoding; -1 if it
   * does not.
   */
  private static int match(byte[] in, int at, byte[] form) {
    int i = at;
    for (int j = 0; j < form.length; j++) {
      int next;
      while ((next = unit(in, i, form[j])) < 0) {
        int skip = j == 0 ? i : lineBreak(in, i);
        if (skip == i) {
          return -1;
        }
        i = skip;
      }
      i = next;
    }
    return i;
  }

  /** Past a CR or LF, raw or JSON-escaped, at {@code i}; {@code i} when there is none. */
  private static int lineBreak(byte[] in, int i) {
    if (i < in.length && (in[i] == '\r' || in[i] == '\n')) {
      return i + 1;
    }
    return i + 1 < in.length && in[i] == '\\' && (in[i + 1] == 'r' || in[i + 1] == 'n') ? i + 2 : i;
  }

  /** Past one encoding of the ASCII character {@code c} at {@code i}; -1 when none is there. */
  private static int unit(byte[] in, int i, int c) {
    if (i >= in.length) {
      return -1;
    }
    int b = in[i];
    boolean plain = Character.isLetterOrDigit(c);
    if (b == '\\' && !plain) { // escaped, by one JSON writer or several nested ones
      while (i < in.length && in[i] == '\\') {
        i++;
      }
      if (c == '\\') {
        return i;
      }
      return i >= in.length
          ? -1
          : in[i] == c ? i + 1 : in[i] == 'u' ? code(in, i + 1, 16, 4, 0, c) : -1;
    }
    int end = -1; // an encoding first: for a key's own '%' or '&' the raw byte also starts one
    if (!plain && b == '%') {
      end = code(in, i + 1, 16, 2, 0, c);
    } else if (!plain && b == '&' && i + 2 < in.length && in[i + 1] == '#') {
      boolean hex = (in[i + 2] | 32) == 'x';
      end = code(in, hex ? i + 3 : i + 2, hex ? 16 : 10, 7, ';', c);
    }
    return end < 0 && (b == c || (b == '+' && c == ' ')) ? i + 1 : end;
  }

  /**
   * Past a number of {@code c}'s value at {@code i}: exactly {@code digits} digits, or with a
   * {@code terminator} (not 0) 1 to {@code digits} digits and the terminator; -1 otherwise.
   */
  private static int code(byte[] in, int i, int radix, int digits, int terminator, int c) {
    int value = 0;
    int n = 0;
    for (int d; n < digits && i < in.length && (d = Character.digit(in[i], radix)) >= 0; n++, i++) {
      value = value * radix + d;
    }
    if (terminator != 0) {
      if (n == 0 || i >= in.length || in[i] != terminator) {
        return -1;
      }
      i++;
    } else if (n != digits) {
      return -1;
    }
    return value == c ? i : -1;
  }
}
