package dev.ratelimit.runtime.proxy;

import java.util.BitSet;

/**
 * A set of HTTP statuses written like {@code 429,500-504}: codes and inclusive ranges within
 * 100..599.
 */
public final class StatusSet {
  private final BitSet codes;
  private final String text;

  private StatusSet(BitSet codes, String text) {
    this.codes = codes;
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException naming the bad part and showing a good example
   */
  public static StatusSet parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("status list is empty; expected e.g. 429,500-504");
    }
    BitSet codes = new BitSet(600);
    for (String raw : spec.split(",", -1)) {
      String item = raw.strip();
      int dash = item.indexOf('-');
      int from = code(dash < 0 ? item : item.substring(0, dash).strip(), spec);
      int to = dash < 0 ? from : code(item.substring(dash + 1).strip(), spec);
      if (from > to) {
        throw new IllegalArgumentException(
            "status range '" + item + "' in '" + spec + "' runs backwards; expected e.g. 500-504");
      }
      codes.set(from, to + 1);
    }
    StringBuilder text =
        new StringBuilder(); // canonical: ascending, adjacent codes merged into ranges
    for (int from = codes.nextSetBit(0);
        from >= 0;
        from = codes.nextSetBit(codes.nextClearBit(from))) {
      int to = codes.nextClearBit(from) - 1;
      text.append(text.length() == 0 ? "" : ",").append(from == to ? "" + from : from + "-" + to);
    }
    return new StatusSet(codes, text.toString());
  }

  private static int code(String s, String spec) {
    if (s.length() != 3
        || !HttpRules.isDigits(s)
        || Integer.parseInt(s) < 100
        || Integer.parseInt(s) > 599) {
      throw new IllegalArgumentException(
          "'"
              + s
              + "' in status list '"
              + spec
              + "' is not an HTTP status 100..599; expected e.g. 429,500-504");
    }
    return Integer.parseInt(s);
  }

  public boolean contains(int status) {
    return status >= 0 && codes.get(status);
  }

  /** Canonical form: ascending, adjacent codes merged, e.g. {@code 429,500,502-504}. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusSet && ((StatusSet) o).codes.equals(codes);
  }

  @Override
  public int hashCode() {
    return codes.hashCode();
  }
}
