package dev.ratelimit.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A set of HTTP statuses written as codes and inclusive ranges, e.g. {@code 429,500-599}. */
public final class StatusRanges {
  private static final Pattern ITEM = Pattern.compile("(\\d{3})(?:-(\\d{3}))?");

  /** An inclusive range of statuses. */
  public record Range(int from, int to) {
    public boolean isSingle() {
      return from == to;
    }

    @Override
    public String toString() {
      return isSingle() ? Integer.toString(from) : from + "-" + to;
    }
  }

  private final List<Range> ranges;

  private StatusRanges(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses and normalizes (sorted, overlapping and adjacent ranges merged), so equal sets give
   * equal output whatever order the user wrote them in.
   */
  public static StatusRanges parse(String parameter, String text, String example) {
    if (text == null || text.isBlank()) {
      throw new InvalidConfigurationException(
          parameter,
          text,
          "give at least one HTTP status or range (100-599), comma separated",
          example);
    }
    List<Range> parsed = new ArrayList<>();
    for (String raw : text.split(",")) {
      String item = raw.trim();
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw new InvalidConfigurationException(
            parameter,
            text,
            "'" + item + "' is neither a status (429) nor a range (500-599)",
            example);
      }
      int from = Integer.parseInt(m.group(1));
      int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      if (from < 100 || to > 599 || from > to) {
        throw new InvalidConfigurationException(
            parameter,
            text,
            "'" + item + "' must lie within 100-599 with the lower bound first",
            example);
      }
      parsed.add(new Range(from, to));
    }
    parsed.sort(Comparator.comparingInt(Range::from));
    List<Range> merged = new ArrayList<>();
    for (Range r : parsed) {
      Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r.from() <= last.to() + 1) {
        merged.set(merged.size() - 1, new Range(last.from(), Math.max(last.to(), r.to())));
      } else {
        merged.add(r);
      }
    }
    return new StatusRanges(merged);
  }

  public List<Range> ranges() {
    return ranges;
  }

  public boolean contains(int status) {
    return ranges.stream().anyMatch(r -> status >= r.from() && status <= r.to());
  }

  public boolean overlaps(StatusRanges other) {
    return ranges.stream()
        .anyMatch(
            r -> other.ranges.stream().anyMatch(o -> r.from() <= o.to() && o.from() <= r.to()));
  }

  /**
   * The canonical text form, e.g. {@code 429,500-504}: what the proxy reads from its environment.
   */
  @Override
  public String toString() {
    return String.join(",", ranges.stream().map(Range::toString).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusRanges s && s.ranges.equals(ranges);
  }

  @Override
  public int hashCode() {
    return ranges.hashCode();
  }
}
