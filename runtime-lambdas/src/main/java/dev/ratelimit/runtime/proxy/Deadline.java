package dev.ratelimit.runtime.proxy;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The moment by which an execution must have its answer, and what still fits before it (SPEC §9
 * Deadline). It is the execution's start ({@code $$.Execution.StartTime}, passed in the Task
 * payload) plus the gateway's {@code deadlineSeconds}, shortened by the caller's {@value
 * #TIMEOUT_HEADER} header (never lengthened). Each proxy caps its upstream call at the time left
 * and returns only waits after which the next attempt still has 1 s for its call; otherwise the
 * execution ends at once with the answer at hand.
 *
 * <p>The other half of the decision is the wait the vendor names ({@link #vendorWaitSeconds}), read
 * from its answer's headers, first match wins:
 *
 * <ol>
 *   <li>{@code Retry-After} (RFC 9110: seconds or an HTTP-date);
 *   <li>{@code RateLimit} (draft-ietf-httpapi-ratelimit-headers): the dictionary form of draft 07
 *       ({@code limit=10, remaining=0, reset=7}) or the list form of drafts 08 and later ({@code
 *       "default";r=0;t=7}); a quota with nothing remaining asks for its reset time (the longest
 *       when several are exhausted);
 *   <li>{@code RateLimit-Reset} with {@code RateLimit-Remaining} (drafts 00–06);
 *   <li>{@code X-RateLimit-Reset} / {@code X-Rate-Limit-Reset} (GitHub, X/Twitter, Discord, many
 *       others).
 * </ol>
 *
 * A reset time is read by magnitude: below 10^9 it is seconds from now; from 10^9 (2001-09-09) it
 * is Unix epoch seconds; from 10^12 epoch milliseconds. Fractions round up. The reset fields of 3
 * and 4 count only when their remaining count is 0 or absent (a 429 with quota left is about
 * another limit). (One class, not two: the proxy jar has a 50 KB budget and every class costs its
 * constant pool and zip entry.)
 */
public final class Deadline {
  /**
   * The caller's request header (whole seconds, at least 1) that shortens the deadline; never sent
   * upstream.
   */
  public static final String TIMEOUT_HEADER = "x-ratelimit-timeout";

  /**
   * The longest (and default) EXPRESS deadline: Step Functions ends an Express execution after 300
   * s, and 20 s stay as a safety margin for what no proxy controls (Step Functions' own retries of
   * a failed invocation, a crashed proxy, the final Choice and Fail states). The plugin derives its
   * margin from it.
   */
  public static final int EXPRESS_MAX_SECONDS = 280;

  /** The longest STANDARD deadline: a day. */
  public static final int STANDARD_MAX_SECONDS = 86_400;

  /** Kept after the upstream call for the proxy to build and return its result. */
  public static final long ANSWER_RESERVE_MILLIS = 1_000;

  private final long atMillis;

  private Deadline(long atMillis) {
    this.atMillis = atMillis;
  }

  /**
   * @param executionStartTime {@code $$.Execution.StartTime} (ISO 8601); null or unreadable means
   *     the invocation's own start, {@code now} (an older workflow that does not pass it)
   * @param requestHeaders the caller's headers as the workflow carries them (lower-case names); may
   *     be null
   * @param configuredSeconds the gateway's {@code deadlineSeconds}
   */
  public static Deadline of(
      String executionStartTime,
      Map<String, String> requestHeaders,
      int configuredSeconds,
      Instant now) {
    Instant start;
    try { // Step Functions writes 2026-12-02T03:55:00.123Z; an offset instead of Z is read too
      start = Instant.parse(executionStartTime.strip());
    } catch (RuntimeException e) { // absent (null) or unreadable
      start = now;
    }
    long seconds = configuredSeconds;
    long caller =
        callerTimeoutSeconds(requestHeaders == null ? null : requestHeaders.get(TIMEOUT_HEADER));
    if (caller > 0) {
      seconds = Math.min(seconds, caller);
    }
    return new Deadline(start.toEpochMilli() + seconds * 1000);
  }

  /**
   * The value of {@value #TIMEOUT_HEADER} in whole seconds, or -1 when absent or not a whole number
   * ≥ 1.
   */
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

  /**
   * The longest upstream call that still leaves the proxy time to answer before the deadline (may
   * be ≤ 0).
   */
  public long callMillis(Instant now) {
    return atMillis - now.toEpochMilli() - ANSWER_RESERVE_MILLIS;
  }

  /**
   * The longest wait (whole seconds) after which the next attempt still gets 1 s for its upstream
   * call, counting 2 s from this answer to that call (the Choice, Wait and Task transitions and the
   * Lambda invocation, a cold start included), from {@code now} (the end of this attempt); negative
   * when not even a wait of 0 fits. (Literals, not constants: every field costs the 50 KB proxy
   * jar.)
   */
  public long longestWaitSeconds(Instant now) {
    long spare = callMillis(now) - 2_000 - 1_000;
    return spare < 0 ? -1 : spare / 1000;
  }

  // ---- the wait the vendor names ----

  /**
   * @param headers the answer's headers, lower-case names, repeated values joined with ", "
   * @return whole seconds to wait (never negative), or empty when the answer names no wait
   */
  public static OptionalLong vendorWaitSeconds(Map<String, String> headers, Clock clock) {
    OptionalLong retryAfter = retryAfter(headers.get("retry-after"), clock);
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
        // by magnitude: seconds from now, else epoch seconds (from 2001-09-09), else epoch
        // milliseconds
        double seconds =
            reset < 1e9 ? reset : ((reset < 1e12 ? reset * 1000 : reset) - clock.millis()) / 1000;
        return OptionalLong.of(ceil(seconds));
      }
    }
    return OptionalLong.empty();
  }

  /**
   * The IETF {@code RateLimit} field: draft 07's dictionary ({@code limit=10, remaining=0,
   * reset=7}) or the list of drafts 08+ ({@code "default";r=0;t=7}, the longest {@code t} of the
   * quotas with {@code r=0}). Quoted strings holding {@code ,} or {@code ;} are not expected in
   * either and not handled.
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
        if (key.equals("remaining")) {
          remaining = n;
        } else if (key.equals("reset")) {
          reset = n;
        } else if (key.equals("r")) {
          r = n;
        } else if (key.equals("t")) {
          t = n;
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

  // ---- Retry-After ----

  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  // Weekdays are matched loosely and ignored: a wrong weekday is no reason to drop the vendor's
  // hint.
  private static final Pattern IMF_FIXDATE =
      Pattern.compile(
          "[A-Za-z]{3}, (\\d{1,2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final Pattern RFC850 =
      Pattern.compile(
          "[A-Za-z]{6,9}, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
  private static final Pattern ASCTIME =
      Pattern.compile(
          "[A-Za-z]{3} ([A-Za-z]{3}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");

  /**
   * A {@code Retry-After} value (RFC 9110 §10.2.3: delta-seconds or an HTTP-date in any of its
   * three forms) in seconds, rounded up and never negative; empty when the value is absent or not
   * valid.
   */
  static OptionalLong retryAfter(String value, Clock clock) {
    if (value == null) {
      return OptionalLong.empty();
    }
    String v = value.strip();
    if (HttpRules.isDigits(v)) {
      return OptionalLong.of(v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v));
    }
    LocalDateTime date = parseDate(v, clock);
    if (date == null) {
      return OptionalLong.empty();
    }
    long millis = Duration.between(clock.instant(), date.toInstant(ZoneOffset.UTC)).toMillis();
    return OptionalLong.of(millis <= 0 ? 0 : (millis + 999) / 1000);
  }

  private static LocalDateTime parseDate(String v, Clock clock) {
    try {
      Matcher m = IMF_FIXDATE.matcher(v);
      if (m.matches()) {
        return at(Integer.parseInt(m.group(3)), m.group(2), m.group(1), m, 4);
      }
      m = RFC850.matcher(v);
      if (m.matches()) {
        // RFC 9110: a two-digit year more than 50 years ahead means the most recent such past year.
        int now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).getYear();
        int year = now - Math.floorMod(now, 100) + Integer.parseInt(m.group(3));
        return at(year > now + 50 ? year - 100 : year, m.group(2), m.group(1), m, 4);
      }
      m = ASCTIME.matcher(v);
      if (m.matches()) {
        return at(Integer.parseInt(m.group(6)), m.group(1), m.group(2), m, 3);
      }
    } catch (DateTimeException e) {
      // e.g. 31 Feb: not a date, so no hint
    }
    return null;
  }

  private static LocalDateTime at(int year, String month, String day, Matcher m, int timeGroup) {
    int mon = MONTHS.indexOf(month.toLowerCase(Locale.ROOT)) + 1;
    if (mon == 0) {
      throw new DateTimeException("unknown month " + month);
    }
    return LocalDateTime.of(
        year,
        mon,
        Integer.parseInt(day),
        Integer.parseInt(m.group(timeGroup)),
        Integer.parseInt(m.group(timeGroup + 1)),
        Integer.parseInt(m.group(timeGroup + 2)));
  }
}
