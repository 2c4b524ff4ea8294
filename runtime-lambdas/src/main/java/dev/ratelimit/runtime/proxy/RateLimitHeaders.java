package dev.ratelimit.runtime.proxy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The wait a vendor asks for, read from its answer's headers, first match wins:
 * <ol>
 *   <li>{@code Retry-After} (RFC 9110: seconds or an HTTP-date);</li>
 *   <li>{@code RateLimit} (draft-ietf-httpapi-ratelimit-headers): the dictionary form of draft 07
 *       ({@code limit=10, remaining=0, reset=7}) or the list form of drafts 08 and later
 *       ({@code "default";r=0;t=7}); a quota with nothing remaining asks for its reset time (the longest
 *       when several are exhausted);</li>
 *   <li>{@code RateLimit-Reset} with {@code RateLimit-Remaining} (drafts 00–06);</li>
 *   <li>{@code X-RateLimit-Reset} / {@code X-Rate-Limit-Reset} (GitHub, X/Twitter, many others) and
 *       {@code X-RateLimit-Reset-After} (seconds).</li>
 * </ol>
 * A reset time is read by magnitude: below 10^9 it is seconds from now; from 10^9 (2001-09-09) it is Unix
 * epoch seconds; from 10^12 epoch milliseconds. Fractions round up. The reset fields of 3 and 4 count only
 * when their remaining count is 0 or absent (a 429 with quota left is about another limit).
 */
public final class RateLimitHeaders {
    private static final BigDecimal EPOCH_SECONDS_FROM = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal EPOCH_MILLIS_FROM = BigDecimal.valueOf(1_000_000_000_000L);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private RateLimitHeaders() {
    }

    /**
     * @param headers the answer's headers, lower-case names, repeated values joined with ", "
     * @return whole seconds to wait (never negative), or empty when the answer names no wait
     */
    public static OptionalLong waitSeconds(Map<String, String> headers, Clock clock) {
        OptionalLong retryAfter = RetryAfter.seconds(headers.get("retry-after"), clock);
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        OptionalLong field = rateLimitField(headers.get("ratelimit"));
        if (field.isPresent()) {
            return field;
        }
        for (String prefix : List.of("ratelimit-", "x-ratelimit-", "x-rate-limit-")) {
            String remaining = headers.get(prefix + "remaining");
            if (remaining != null && !isZero(remaining)) {
                continue;
            }
            OptionalLong reset = reset(headers.get(prefix + "reset"), clock);
            if (reset.isPresent()) {
                return reset;
            }
        }
        BigDecimal after = number(headers.get("x-ratelimit-reset-after"));
        return after == null ? OptionalLong.empty() : OptionalLong.of(ceilSeconds(after));
    }

    /** The IETF {@code RateLimit} field, in either of its forms. */
    static OptionalLong rateLimitField(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        Long remaining = null;
        Long reset = null;
        long longest = -1;
        for (String member : splitOutsideQuotes(value, ',')) {
            List<String> parts = splitOutsideQuotes(member, ';');
            String head = parts.get(0).strip();
            int eq = head.indexOf('=');
            if (eq > 0 && !head.startsWith("\"")) { // draft 07: limit=10, remaining=0, reset=7
                String key = head.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                BigDecimal n = number(head.substring(eq + 1));
                if (n != null && key.equals("remaining")) {
                    remaining = n.longValue();
                } else if (n != null && key.equals("reset")) {
                    reset = ceilSeconds(n);
                }
                continue;
            }
            BigDecimal r = null; // drafts 08+: "policy";r=0;t=7
            BigDecimal t = null;
            for (int i = 1; i < parts.size(); i++) {
                String p = parts.get(i).strip();
                int at = p.indexOf('=');
                if (at <= 0) {
                    continue;
                }
                String key = p.substring(0, at).strip().toLowerCase(Locale.ROOT);
                if (key.equals("r")) {
                    r = number(p.substring(at + 1));
                } else if (key.equals("t")) {
                    t = number(p.substring(at + 1));
                }
            }
            if (r != null && r.signum() == 0 && t != null) {
                longest = Math.max(longest, ceilSeconds(t));
            }
        }
        if (longest >= 0) {
            return OptionalLong.of(longest);
        }
        if (reset != null && remaining != null && remaining == 0) {
            return OptionalLong.of(reset);
        }
        return OptionalLong.empty();
    }

    /** A reset value read by magnitude (seconds from now, epoch seconds or epoch milliseconds). */
    static OptionalLong reset(String value, Clock clock) {
        BigDecimal n = number(value);
        if (n == null) {
            return OptionalLong.empty();
        }
        if (n.compareTo(EPOCH_SECONDS_FROM) < 0) {
            return OptionalLong.of(ceilSeconds(n));
        }
        BigDecimal epochMillis = n.compareTo(EPOCH_MILLIS_FROM) < 0 ? n.multiply(THOUSAND) : n;
        BigDecimal left = epochMillis.subtract(BigDecimal.valueOf(clock.millis())).divide(THOUSAND);
        return OptionalLong.of(left.signum() <= 0 ? 0 : ceilSeconds(left));
    }

    private static boolean isZero(String value) {
        BigDecimal n = number(value);
        return n != null && n.signum() == 0;
    }

    /** A non-negative decimal number (a sf-integer or sf-decimal, perhaps quoted), or null. */
    private static BigDecimal number(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1).strip();
        }
        if (v.isEmpty() || v.length() > 24 || !v.matches("[0-9]+(\\.[0-9]+)?")) {
            return null;
        }
        return new BigDecimal(v);
    }

    private static long ceilSeconds(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, RoundingMode.CEILING);
        return whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : whole.longValue();
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < s.length()) {
                current.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == separator && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }
}
