package dev.ratelimit.runtime.proxy;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code Retry-After} (RFC 9110 §10.2.3): delta-seconds or an HTTP-date in any of its three forms. */
final class RetryAfter {
    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    // Weekdays are matched loosely and ignored: a wrong weekday is no reason to drop the vendor's hint.
    private static final Pattern IMF_FIXDATE = Pattern.compile(
            "[A-Za-z]{3}, (\\d{1,2}) ([A-Za-z]{3}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
    private static final Pattern RFC850 = Pattern.compile(
            "[A-Za-z]{6,9}, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT");
    private static final Pattern ASCTIME = Pattern.compile(
            "[A-Za-z]{3} ([A-Za-z]{3}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})");

    private RetryAfter() {
    }

    /** Seconds to wait, rounded up and never negative; empty when the value is absent or not valid. */
    static OptionalLong seconds(String value, Clock clock) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
        return LocalDateTime.of(year, mon, Integer.parseInt(day), Integer.parseInt(m.group(timeGroup)),
                Integer.parseInt(m.group(timeGroup + 1)), Integer.parseInt(m.group(timeGroup + 2)));
    }
}
