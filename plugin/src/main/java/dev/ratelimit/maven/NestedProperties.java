package dev.ratelimit.maven;

import dev.ratelimit.model.InvalidConfigurationException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.function.UnaryOperator;

/**
 * User properties for the fields of a nested element, which Maven does not give them: {@code
 * -Dratelimit.backoff.multiplier=1.5} fills {@code <backoff><multiplier>} when the POM leaves it
 * unset. Works on any element bean from the core (its fields named as the POM names them), so the
 * field names are declared once, in the bean.
 */
final class NestedProperties {
  private final UnaryOperator<String> properties;

  /**
   * @param properties a user or project property by its full name, or null
   */
  NestedProperties(UnaryOperator<String> properties) {
    this.properties = properties;
  }

  /**
   * Sets every unset field of {@code bean} whose property {@code ratelimit.<element>.<field>} is
   * given.
   *
   * @param defaults a record whose component of a field's name holds that field's default, shown as
   *     the example when a property is not a number
   * @return {@code bean}
   */
  <T> T fill(String element, T bean, Record defaults) {
    for (Field field : bean.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      String parameter = element + "." + field.getName();
      String value = properties.apply("ratelimit." + parameter);
      if (value == null || value.isBlank()) {
        continue;
      }
      try {
        field.setAccessible(true);
        if (field.get(bean) == null) {
          field.set(bean, parse(parameter, value.trim(), field.getType(), defaults));
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot set " + parameter, e);
      }
    }
    return bean;
  }

  private static Object parse(String parameter, String value, Class<?> type, Record defaults) {
    try {
      if (type == Integer.class) {
        return Integer.valueOf(value);
      }
      if (type == Long.class) {
        return Long.valueOf(value);
      }
      if (type == Double.class) {
        return Double.valueOf(value);
      }
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(
          parameter,
          value,
          type == Double.class ? "must be a number" : "must be a whole number",
          example(parameter.substring(parameter.indexOf('.') + 1), defaults));
    }
    if (type == String.class) {
      return value;
    }
    throw new IllegalStateException(parameter + " has no user property form (" + type + ")");
  }

  private static String example(String field, Record defaults) {
    for (RecordComponent c : defaults.getClass().getRecordComponents()) {
      if (c.getName().equals(field)) {
        try {
          Object value = c.getAccessor().invoke(defaults);
          return value == null ? "1" : String.valueOf(value);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return "1";
  }
}
