package dev.ratelimit.asl.local;

import java.util.Map;

/**
 * A whole state machine, parsed and checked: every {@code Next}, {@code Default} and catcher target
 * names one of {@code states}.
 *
 * @param timeoutSeconds the workflow's {@code TimeoutSeconds}; null when absent
 * @param states by name
 */
record Definition(String startAt, Integer timeoutSeconds, Map<String, State> states) {
  Definition {
    states = Map.copyOf(states);
  }

  State state(String name) {
    return states.get(name);
  }
}
