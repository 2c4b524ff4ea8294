package dev.ratelimit.runtime.orchestrator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda runtime's own POJO serializer, found by name: priming it before a SnapStart snapshot
 * loads what the runtime needs to read the first event and write the first answer. (Only the
 * orchestrator does it: the proxy jar's 50 KB budget has no room for it.)
 */
final class RuntimeSerializer {
  private RuntimeSerializer() {}

  /**
   * Round-trips {@code json} through the Lambda runtime's POJO serializer for {@code type}, if the
   * runtime's serialization library is visible (it is in Lambda's Java runtime and in the
   * benchmark); otherwise nothing.
   */
  static void prime(Class<?> type, String json) {
    try {
      Object factory =
          Class.forName(
                  "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory")
              .getMethod("getInstance")
              .invoke(null);
      Object serializer =
          factory.getClass().getMethod("getSerializer", Class.class).invoke(factory, type);
      Object value =
          serializer
              .getClass()
              .getMethod("fromJson", InputStream.class)
              .invoke(serializer, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
      serializer
          .getClass()
          .getMethod("toJson", Object.class, OutputStream.class)
          .invoke(serializer, value, new ByteArrayOutputStream());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // not there: the runtime's first deserialization pays it
    }
  }
}
