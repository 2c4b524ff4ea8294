package dev.ratelimit.runtime.proxy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The vendor's headers a caller gets with a final failure (SPEC §9): what tells it when to come back or
 * what went wrong, and nothing that could carry a session or a credential. Shared by the proxy (which puts
 * them in the failure's cause) and the orchestrator (which checks them again before answering); plain Java,
 * in both deployment jars.
 */
public final class UpstreamHeaders {
    /** Exact names passed on (lower-case). {@code content-type} travels in the cause's own field. */
    public static final Set<String> NAMES = Set.of("retry-after", "ratelimit", "ratelimit-policy",
            "www-authenticate", "location", "etag", "content-type");
    /** Longest value passed on; a longer one is dropped, not cut (a cut header could mislead). */
    public static final int MAX_VALUE_CHARS = 512;
    /** At most this many headers (a cause is bounded; see {@link Json#MAX_CAUSE_CHARS}). */
    public static final int MAX_HEADERS = 16;

    private UpstreamHeaders() {
    }

    /**
     * Whether a (lower-case) upstream header may reach the caller of a failed request: one of {@link #NAMES},
     * or GitHub's and most vendors' {@code X-RateLimit-*}, X/Twitter's {@code X-Rate-Limit-*}.
     */
    public static boolean isAllowed(String name) {
        return NAMES.contains(name) || name.startsWith("x-ratelimit-") || name.startsWith("x-rate-limit-");
    }

    /**
     * The allowed headers of {@code headers} (lower-case names) whose values are printable ASCII of at most
     * {@link #MAX_VALUE_CHARS}, at most {@link #MAX_HEADERS} of them, in the given order. {@code except} names
     * one more header to leave out (e.g. the vendor key's), or null.
     */
    public static Map<String, String> forCaller(Map<String, String> headers, String except) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().toLowerCase(Locale.ROOT);
            String value = e.getValue();
            if (out.size() < MAX_HEADERS && isAllowed(name) && !name.equals(except) && value != null
                    && value.matches("[\\x20-\\x7e]{0," + MAX_VALUE_CHARS + "}")) {
                out.put(name, value);
            }
        }
        return out;
    }
}
