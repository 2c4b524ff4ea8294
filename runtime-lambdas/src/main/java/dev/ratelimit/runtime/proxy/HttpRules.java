package dev.ratelimit.runtime.proxy;

import java.util.Locale;
import java.util.Set;

/**
 * Request rules shared by the proxy and the orchestrator (which checks first; the proxy checks again, as
 * defence in depth). Plain Java, no dependencies: it ships in both deployment jars.
 */
public final class HttpRules {
    /** Hop-by-hop response headers: they describe one connection, never the answer. */
    public static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authenticate");

    // Headers a caller must never set upstream, even when listed: they would let the caller steer the
    // connection, or leak the gateway's own credentials and AWS context to the vendor.
    private static final Set<String> NEVER_FORWARD = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "te", "trailer", "keep-alive", "authorization", "http2-settings",
            "forwarded");
    /** Always passed on (SPEC), so the vendor can deduplicate the gateway's retries. */
    public static final String IDEMPOTENCY_KEY = "idempotency-key";
    /** The gateway's own request and response headers: meant for it, never sent upstream. */
    public static final String GATEWAY_PREFIX = "x-ratelimit-";

    private HttpRules() {
    }

    /**
     * Whether a caller header (lower-case name) goes upstream: listed (or {@code idempotency-key}), and
     * not hop-by-hop, {@code host}, {@code authorization}, {@code proxy-*}, {@code x-amz-*},
     * {@code x-amzn-*}, {@code x-forwarded-*} or the gateway's own {@code x-ratelimit-*} (e.g.
     * {@link Deadline#TIMEOUT_HEADER}).
     */
    public static boolean isForwardable(String name, Set<String> allowlist) {
        if (name.equals(IDEMPOTENCY_KEY)) {
            return true;
        }
        return allowlist.contains(name) && !NEVER_FORWARD.contains(name)
                && !name.startsWith("proxy-") && !name.startsWith("x-amz-") && !name.startsWith("x-amzn-")
                && !name.startsWith("x-forwarded-") && !name.startsWith(GATEWAY_PREFIX);
    }

    /**
     * Why a raw path and query may not be appended to the target URL, or null when they may: the path must
     * start with a single {@code /}, hold only visible ASCII without {@code \ @ ? #}, and no segment may be a
     * dot segment or hide a separator (also percent-encoded, repeatedly); the query holds visible ASCII
     * without {@code #}. The reasons are fixed texts, never request text.
     */
    public static String pathViolation(String path, String query) {
        if (path == null || !path.startsWith("/") || path.startsWith("//")) {
            return "path must start with a single /";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '@' || c == '?' || c == '#') {
                return "path contains whitespace, a control, non-ASCII or forbidden character";
            }
        }
        for (String segment : path.split("/", -1)) {
            if (isDotOrSeparator(segment)) {
                return "path contains a dot segment or an encoded separator";
            }
        }
        String q = query == null ? "" : query;
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                return "query contains whitespace, a control, non-ASCII character or #";
            }
        }
        return null;
    }

    /** True for ".", ".." or a segment hiding "/" or "\", also after (repeated) percent-decoding. */
    private static boolean isDotOrSeparator(String segment) {
        String s = segment;
        for (int round = 0; round < 4; round++) {
            if (s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) {
                return true;
            }
            String decoded = percentDecode(s);
            if (decoded.equals(s)) {
                return false;
            }
            s = decoded;
        }
        return true; // encoded four times over: no honest client does that
    }

    /** Decodes {@code %XX} escapes byte-wise into chars (enough to spot ASCII separators and dots). */
    public static String percentDecode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                sb.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** An HTTP token character (method names). */
    public static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** Whether the body travels as text; anything else (or text not in UTF-8) goes base64, byte-exact. */
    public static boolean isText(String contentType, String contentEncoding) {
        if (contentType == null || (contentEncoding != null && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase("identity"))) {
            return false;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String cs = p.substring(8).replace("\"", "").strip();
                if (!cs.equals("utf-8") && !cs.equals("utf8") && !cs.equals("us-ascii")) {
                    return false; // re-encoding would change the bytes the caller gets; keep them exact
                }
            }
        }
        return type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json") || type.endsWith("/xml")
                || type.endsWith("+xml") || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/javascript");
    }
}
