package dev.ratelimit.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a scenario's execution ends: its status, error and cause, how many times a proxy was called,
 * its output, and how long named Wait states waited.
 *
 * @param status {@code SUCCEEDED} or {@code FAILED} (the names of Step Functions' execution status)
 * @param error the Fail state's error, or null
 * @param cause the Fail state's cause, or null
 * @param output the execution's output as JSON, or null
 * @param waitSeconds Wait state name → seconds it waited (in virtual time exactly; in moto at
 *     least)
 */
public record Expected(
    String status,
    String error,
    String cause,
    int proxyCalls,
    String output,
    Map<String, Integer> waitSeconds) {
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  public Expected {
    waitSeconds = Map.copyOf(waitSeconds);
  }

  /**
   * Succeeded after {@code calls} proxy calls, one per attempt, the last answering {@code last}:
   * the output is {@code last} with {@code attempt} = {@code calls}.
   */
  public static Expected succeeded(ProxyResult last, int calls) {
    return new Expected(SUCCEEDED, null, null, calls, last.asLastOf(calls), Map.of());
  }

  /** Failed with {@code error} after {@code calls} proxy calls, with {@code last}'s cause. */
  public static Expected failed(String error, ProxyResult last, int calls) {
    return new Expected(FAILED, error, last.cause(), calls, null, Map.of());
  }

  /** The same, and Wait state {@code state} waited {@code seconds}. */
  public Expected waited(String state, int seconds) {
    Map<String, Integer> more = new LinkedHashMap<>(waitSeconds);
    more.put(state, seconds);
    return new Expected(status, error, cause, proxyCalls, output, more);
  }

  /** All the waits together. */
  public int totalWaitSeconds() {
    return waitSeconds.values().stream().mapToInt(Integer::intValue).sum();
  }
}
