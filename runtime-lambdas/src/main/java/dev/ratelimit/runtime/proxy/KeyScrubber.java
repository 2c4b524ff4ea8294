package dev.ratelimit.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One vendor key and the forms an echo could carry it in, to be cut out of whatever the proxy returns.
 *
 * <p>Secrets are the key and, when it has the shape {@code <scheme> <credentials>} (e.g. {@code Bearer
 * sk-...} in an {@code authorization}-like header), the credentials alone; for {@code Basic} also the
 * password inside them. Each secret is scrubbed raw, JSON-escaped, percent-encoded (upper- and lower-case
 * hex; a space is never part of a secret but the whole key) and base64-encoded (standard and URL-safe alphabets, at each of the three byte
 * alignments, so that the key is found inside any larger base64 text too, e.g. {@code base64(user:key)}).
 * Derived secrets shorter than {@link #MIN_PART} characters, and base64 cores shorter than that, are left
 * alone: they would match ordinary text.
 */
final class KeyScrubber {
    /** What replaces a secret. */
    static final String MARK = "[REDACTED]";
    private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
    static final int MIN_PART = 8;

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
            all.add(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
            all.add(percent(s, "%%%02X"));
            all.add(percent(s, "%%%02x"));
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
        longest = forms.get(0).length;
    }

    private static void addPart(Set<String> secrets, String part) {
        if (part.length() >= MIN_PART) {
            secrets.add(part);
        }
    }

    /** Percent-encodes all but RFC 3986's unreserved characters (the key is printable ASCII). */
    private static String percent(String s, String format) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0 ? String.valueOf(c)
                    : String.format(format, (int) c));
        }
        return sb.toString();
    }

    /**
     * The base64 characters that depend on the secret's bytes alone when it starts {@code offset} bytes
     * into a 3-byte group: the first characters also encode the bytes before it, the last ones the bytes after.
     */
    private static void addCore(Set<String> forms, Base64.Encoder encoder, byte[] secret, int offset) {
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
        for (byte[] form : forms) {
            if (s.contains(new String(form, StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    /** {@code in} with every form replaced by {@link #MARK}; {@code in} itself when none occurs. */
    byte[] scrub(byte[] in) {
        byte[] out = in;
        for (byte[] form : forms) {
            out = replace(out, form);
        }
        return out;
    }

    /**
     * How many bytes to drop from the end of a body cut at the size limit: a key split by the cut would leave
     * its first part there, which no form matches.
     */
    int tailToDrop(int length) {
        return Math.min(length, longest - 1);
    }

    private static byte[] replace(byte[] in, byte[] form) {
        ByteArrayOutputStream out = null;
        int from = 0;
        for (int i = 0; i + form.length <= in.length; ) {
            if (regionEquals(in, i, form, form.length)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(in.length);
                }
                out.write(in, from, i - from);
                out.write(MARK_BYTES, 0, MARK_BYTES.length);
                i += form.length;
                from = i;
            } else {
                i++;
            }
        }
        if (out == null) {
            return in;
        }
        out.write(in, from, in.length - from);
        return out.toByteArray();
    }

    private static boolean regionEquals(byte[] in, int at, byte[] form, int n) {
        for (int j = 0; j < n; j++) {
            if (in[at + j] != form[j]) {
                return false;
            }
        }
        return true;
    }

}
