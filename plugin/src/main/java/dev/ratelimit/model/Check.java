package dev.ratelimit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The rules many parameters share, each failing as an {@link InvalidConfigurationException}. */
final class Check {
  private Check() {}

  static int range(String parameter, int value, int min, int max, String example) {
    if (value < min || value > max) {
      throw new InvalidConfigurationException(
          parameter, value, "must be from " + min + " to " + max, example);
    }
    return value;
  }

  static <E extends Enum<E>> E choice(
      String parameter, String value, Class<E> type, String example) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    throw new InvalidConfigurationException(
        parameter, value, "must be one of " + String.join(", ", names), example);
  }

  /** {@code value} when {@code pattern} matches all of it; null never does. */
  static String matching(
      String parameter, String value, Pattern pattern, String rule, String example) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new InvalidConfigurationException(parameter, value, rule, example);
    }
    return value;
  }

  static <T> T or(T value, T fallback) {
    return Objects.requireNonNullElse(value, fallback);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
