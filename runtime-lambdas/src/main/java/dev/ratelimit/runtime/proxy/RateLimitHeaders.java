package dev.ratelimit.runtime.proxy;

import java.time.Clock;
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
        for (String prefix : new String[] {"ratelimit-", "x-ratelimit-", "x-rate-limit-"}) {
            double remaining = number(headers.get(prefix + "remaining"));
            double reset = number(headers.get(prefix + "reset"));
            if (remaining <= 0 && reset >= 0) { // remaining 0 or absent (-1)
                // by magnitude: seconds from now, else epoch seconds (from 2001-09-09), else epoch milliseconds
                double seconds = reset < 1e9 ? reset : ((reset < 1e12 ? reset * 1000 : reset) - clock.millis()) / 1000;
                return OptionalLong.of(ceil(seconds));
            }
        }
        double after = number(headers.get("x-ratelimit-reset-after"));
        return after < 0 ? OptionalLong.empty() : OptionalLong.of(ceil(after));
    }

    /**
     * The IETF {@code RateLimit} field: draft 07's dictionary ({@code limit=10, remaining=0, reset=7}) or the
     * list of drafts 08+ ({@code "default";r=0;t=7}, the longest {@code t} of the quotas with {@code r=0}).
     * Quoted strings holding {@code ,} or {@code ;} are not expected in either and not handled.
     */
    static OptionalLong rateLimitField(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        double remaining = -1;
        double reset = -1;
        double longest = -1;
        for (String member : value.split(",")) {
            double r = -1;
            double t = -1;
            for (String part : member.split(";")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? "" : part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                double n = eq < 0 ? -1 : number(part.substring(eq + 1));
                switch (key) {
                    case "remaining" -> remaining = n;
                    case "reset" -> reset = n;
                    case "r" -> r = n;
                    case "t" -> t = n;
                    default -> { }
                }
            }
            if (r == 0 && t >= 0) {
                longest = Math.max(longest, t);
            }
        }
        if (longest < 0 && remaining == 0) {
            longest = reset;
        }
        return longest < 0 ? OptionalLong.empty() : OptionalLong.of(ceil(longest));
    }

    /** A non-negative decimal (perhaps quoted), or -1 when absent or not one. */
    private static double number(String value) {
        String v = value == null ? "" : value.strip().replace("\"", "");
        return v.length() <= 24 && v.matches("[0-9]+(\\.[0-9]+)?") ? Double.parseDouble(v) : -1;
    }

    private static long ceil(double seconds) {
        return seconds <= 0 ? 0 : (long) Math.ceil(seconds);
    }
}
