package dev.ratelimit.asl.local;

import java.util.List;

/**
 * One entry of a Task's {@code Catch}: the errors it matches, where the error output ({@code
 * Error}, {@code Cause}) goes in the state's input, and the state that runs next.
 */
record Catcher(List<String> errorEquals, JsonPaths.Reference resultPath, String next) {

  Catcher {
    errorEquals = List.copyOf(errorEquals);
  }

  boolean matches(String error) {
    return StatesError.matches(errorEquals, error);
  }
}
