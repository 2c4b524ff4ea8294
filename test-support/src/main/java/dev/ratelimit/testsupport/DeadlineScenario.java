package dev.ratelimit.testsupport;

import java.util.List;

/**
 * A caller's deadline ({@code x-ratelimit-timeout: 5}) against a vendor that never lets anyone
 * through, in real time, with the real proxies: written once, run by the local executor behind the
 * real orchestrator ({@code DeadlineSimulationTest}) and by moto's interpreter on the results the
 * proxies gave ({@code DeadlineConformanceIT}).
 *
 * @param vendorStatus what the vendor answers every request
 * @param vendorDelayMillis how long it takes to answer
 * @param error the execution's error: the vendor's last answer, or {@code Deadline.Exceeded} when
 *     none came in time
 * @param callerStatus the HTTP status the caller gets
 * @param maxProxyCalls the most proxy calls before the deadline ends the execution (fewer than
 *     {@code maxAttempts}: the deadline, not the attempts, ends it)
 */
public record DeadlineScenario(
    String name,
    Workflow workflow,
    int vendorStatus,
    long vendorDelayMillis,
    String error,
    int callerStatus,
    int maxProxyCalls) {
  /** The caller's timeout, sent as {@code x-ratelimit-timeout}. */
  public static final int TIMEOUT_SECONDS = 5;

  /** Both scenarios. */
  public static List<DeadlineScenario> all() {
    return List.of(
        new DeadlineScenario(
            "a vendor that keeps answering 503: the proxies stop when the next attempt does not fit",
            Workflow.defaults().proxies(3).maxAttempts(10),
            503,
            100,
            "Upstream.503",
            503,
            9),
        new DeadlineScenario(
            "a vendor slower than the caller: the one call is cut at the deadline",
            Workflow.defaults().proxies(3),
            200,
            8_000,
            "Deadline.Exceeded",
            504,
            1));
  }

  /** Starts this scenario's vendor; the caller closes it. */
  public StubVendor startVendor() {
    return new StubVendor(vendorStatus, vendorDelayMillis);
  }

  @Override
  public String toString() {
    return name;
  }
}
