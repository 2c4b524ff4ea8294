package dev.ratelimit.runtime.proxy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The moment by which an execution must have its answer, and what still fits before it (SPEC §9
 * Deadline). It is the execution's start ({@code $$.Execution.StartTime}, passed in the Task payload)
 * plus the gateway's {@code deadlineSeconds}, shortened by the caller's {@value #TIMEOUT_HEADER} header
 * (never lengthened). Each proxy caps its upstream call at the time left and returns only waits after
 * which the next attempt still has {@link #MIN_CALL_MILLIS} for its call; otherwise the execution ends
 * at once with the answer at hand.
 */
public final class Deadline {
    /** The caller's request header (whole seconds, at least 1) that shortens the deadline; never sent upstream. */
    public static final String TIMEOUT_HEADER = "x-ratelimit-timeout";
    /** Step Functions ends an Express execution after 5 minutes. */
    public static final int EXPRESS_LIMIT_SECONDS = 300;
    /**
     * Kept between the deadline and the end of the Express execution: for what no proxy controls (Step
     * Functions' own retries of a failed invocation, a crashed proxy, the final Choice and Fail states).
     */
    public static final int SAFETY_MARGIN_SECONDS = 20;
    /** The longest (and default) EXPRESS deadline: 300 − 20 s. */
    public static final int EXPRESS_MAX_SECONDS = EXPRESS_LIMIT_SECONDS - SAFETY_MARGIN_SECONDS;
    /** The default STANDARD deadline: an hour. */
    public static final int STANDARD_DEFAULT_SECONDS = 3_600;
    /** The longest STANDARD deadline: a day. */
    public static final int STANDARD_MAX_SECONDS = 86_400;
    /** Kept after the upstream call for the proxy to build and return its result. */
    public static final long ANSWER_RESERVE_MILLIS = 1_000;
    /**
     * From one proxy's answer to the next proxy's upstream call: the Choice, Wait and Task transitions
     * and the Lambda invocation (a cold start included).
     */
    public static final long NEXT_ATTEMPT_OVERHEAD_MILLIS = 2_000;
    /** The shortest upstream call worth an attempt. */
    public static final long MIN_CALL_MILLIS = 1_000;

    private final Instant at;

    private Deadline(Instant at) {
        this.at = at;
    }

    /**
     * @param executionStartTime {@code $$.Execution.StartTime} (ISO 8601); null or unreadable means the
     *     invocation's own start, {@code now} (an older workflow that does not pass it)
     * @param requestHeaders the caller's headers as the workflow carries them (lower-case names); may be null
     * @param configuredSeconds the gateway's {@code deadlineSeconds}
     */
    public static Deadline of(String executionStartTime, Map<String, String> requestHeaders, int configuredSeconds,
            Instant now) {
        Instant start = parseInstant(executionStartTime);
        long seconds = configuredSeconds;
        long caller = callerTimeoutSeconds(requestHeaders == null ? null : requestHeaders.get(TIMEOUT_HEADER));
        if (caller > 0) {
            seconds = Math.min(seconds, caller);
        }
        return new Deadline((start == null ? now : start).plusSeconds(seconds));
    }

    /** The value of {@value #TIMEOUT_HEADER} in whole seconds, or -1 when absent or not a whole number ≥ 1. */
    public static long callerTimeoutSeconds(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.strip();
        if (!v.matches("[0-9]{1,9}")) {
            return -1;
        }
        long s = Long.parseLong(v);
        return s >= 1 ? s : -1;
    }

    /** Step Functions writes {@code 2026-12-02T03:55:00.123Z}; moto an offset or none (then UTC). */
    static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    public Instant at() {
        return at;
    }

    /** The longest upstream call that still leaves the proxy time to answer before the deadline (may be ≤ 0). */
    public long callMillis(Instant now) {
        return at.toEpochMilli() - now.toEpochMilli() - ANSWER_RESERVE_MILLIS;
    }

    /**
     * The longest wait (whole seconds) after which the next attempt still gets {@link #MIN_CALL_MILLIS} for its
     * call, counted from {@code now} (the end of this attempt); negative when not even a wait of 0 fits.
     */
    public long longestWaitSeconds(Instant now) {
        long spare = callMillis(now) - NEXT_ATTEMPT_OVERHEAD_MILLIS - MIN_CALL_MILLIS;
        return spare < 0 ? -1 : spare / 1000;
    }
}
