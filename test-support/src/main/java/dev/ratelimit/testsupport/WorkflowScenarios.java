package dev.ratelimit.testsupport;

import static dev.ratelimit.testsupport.Expected.failed;
import static dev.ratelimit.testsupport.Expected.succeeded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The behaviour scenarios of the generated workflow (SPEC §5, §9), written once and read by three
 * runs: the local executor ({@code WorkflowScenariosTest}, plain build), moto's Step Functions
 * interpreter ({@code WorkflowBehaviourConformanceIT}) and both side by side ({@code
 * WorkflowParityConformanceIT}, {@code -Pconformance}). Each scenario's results are scripted per
 * attempt, one proxy call each; what moto cannot script (crashes, Lambda errors, the workflow
 * timeout) stays in the local executor's own tests.
 */
public final class WorkflowScenarios {
  private WorkflowScenarios() {}

  /** Every scenario, in a fixed order. */
  public static List<WorkflowScenario> all() {
    List<WorkflowScenario> all = new ArrayList<>();
    ProxyResult ok = ProxyResult.status(200);
    ProxyResult created = ProxyResult.status(201);

    ProxyResult items = ProxyResult.status(200).body("{\"items\":[1,2]}");
    all.add(
        scenario(
            "retry then success: 429, 200 -> SUCCEEDED after 2 calls",
            Workflow.fast(),
            "GET",
            succeeded(items, 2),
            ProxyResult.status(429),
            items));
    all.add(
        scenario(
            "5xx then success: 503, 502, 200 -> SUCCEEDED after 3 calls",
            Workflow.fast().maxAttempts(3),
            "GET",
            succeeded(ok, 3),
            ProxyResult.status(503),
            ProxyResult.status(502),
            ok));
    all.add(
        scenario(
            "network errors then success: 0/ConnectFailed, 0/Timeout, 200 -> SUCCEEDED after 3 calls",
            Workflow.fast().maxAttempts(3),
            "GET",
            succeeded(ok, 3),
            ProxyResult.noAnswer("ConnectFailed"),
            ProxyResult.noAnswer("Timeout"),
            ok));
    all.add(
        scenario(
            "Retry-After honoured: 429 with waitSeconds 3, 200 -> SUCCEEDED, Wait1 lasted 3 s",
            Workflow.defaults(),
            "GET",
            succeeded(ok, 2).waited("Wait1", 3),
            ProxyResult.status(429).header("retry-after", "3").waitSeconds(3),
            ok));
    ProxyResult notFound =
        ProxyResult.status(404)
            .cause(ProxyResult.causeOf(404, "application/json", "{\"message\":\"no such item\"}"));
    all.add(
        scenario(
            "non-retryable fails fast: 404 -> FAILED Upstream.404 with its cause after 1 call",
            Workflow.fast(),
            "GET",
            failed("Upstream.404", notFound, 1),
            notFound,
            ok));
    ProxyResult unavailable = ProxyResult.status(503);
    all.add(
        scenario(
            "POST: a 503 is not retried -> FAILED Upstream.503 after 1 call",
            Workflow.fast(),
            "POST",
            failed("Upstream.503", unavailable, 1),
            unavailable,
            created));
    all.add(
        scenario(
            "POST: a 429 is retried: 429, 201 -> SUCCEEDED after 2 calls",
            Workflow.fast(),
            "POST",
            succeeded(created, 2),
            ProxyResult.status(429),
            created));
    all.add(
        scenario(
            "POST with retryNonIdempotent: 503, 200 -> SUCCEEDED after 2 calls",
            Workflow.fast().retryNonIdempotent(true),
            "POST",
            succeeded(ok, 2),
            unavailable,
            ok));
    ProxyResult tooMany = ProxyResult.status(429);
    all.add(
        scenario(
            "attempts exhausted: 429 x maxAttempts (4) -> FAILED Upstream.429 after 4 calls",
            Workflow.fast().maxAttempts(4),
            "GET",
            failed("Upstream.429", tooMany, 4),
            // one more in the queue: a workflow that made an extra call would take it and succeed
            times(4, tooMany, ok)));
    ProxyResult refused = ProxyResult.noAnswer("ConnectFailed");
    all.add(
        scenario(
            "no answer ever: 0/ConnectFailed x maxAttempts (3) -> FAILED Upstream.Unreachable",
            Workflow.fast().maxAttempts(3),
            "GET",
            failed("Upstream.Unreachable", refused, 3),
            times(3, refused)));
    ProxyResult tooLarge =
        ProxyResult.status(200)
            .body("")
            .error("ResponseTooLarge")
            .cause(
                "{\"status\":200,\"contentType\":\"application/json\",\"body\":\"\","
                    + "\"truncated\":true}");
    all.add(
        scenario(
            "ResponseTooLarge on a 200 -> FAILED Upstream.ResponseTooLarge after 1 call",
            Workflow.fast(),
            "GET",
            failed("Upstream.ResponseTooLarge", tooLarge, 1),
            tooLarge,
            ok));
    ProxyResult timeout = ProxyResult.noAnswer("Timeout");
    all.add(
        scenario(
            "retryOnNetworkErrors false: 0/Timeout -> FAILED Upstream.Unreachable after 1 call",
            Workflow.fast().retryOnNetworkErrors(false),
            "GET",
            failed("Upstream.Unreachable", timeout, 1),
            timeout,
            ok));
    ProxyResult missingKey = ProxyResult.noAnswer("SecretUnavailable");
    all.add(
        scenario(
            "POST: 0/SecretUnavailable is retried (nothing was sent): SecretUnavailable, 201"
                + " -> SUCCEEDED after 2 calls",
            Workflow.fast(),
            "POST",
            succeeded(created, 2),
            missingKey,
            created));
    all.add(
        scenario(
            "POST: 0/SecretUnavailable x maxAttempts (2) -> FAILED Proxy.SecretUnavailable",
            Workflow.fast().maxAttempts(2),
            "POST",
            failed("Proxy.SecretUnavailable", missingKey, 2),
            times(2, missingKey)));
    all.add(
        scenario(
            "GET: 0/SecretUnavailable x maxAttempts (3) -> FAILED Proxy.SecretUnavailable, not"
                + " Upstream.Unreachable",
            Workflow.fast().maxAttempts(3),
            "GET",
            failed("Proxy.SecretUnavailable", missingKey, 3),
            times(3, missingKey)));
    all.add(
        scenario(
            "rotation: 2 proxies, 5 attempts, five 503s -> calls alternate proxy-1/proxy-2",
            Workflow.fast().proxies(2).maxAttempts(5),
            "GET",
            failed("Upstream.503", unavailable, 5),
            times(5, unavailable)));
    ProxyResult lastBeforeDeadline = ProxyResult.status(503).error("DeadlineExceeded");
    all.add(
        scenario(
            "deadline: 503, then 503 with DeadlineExceeded ends at once -> FAILED Upstream.503"
                + " after 2 calls",
            Workflow.fast().maxAttempts(6),
            "GET",
            failed("Upstream.503", lastBeforeDeadline, 2),
            unavailable,
            lastBeforeDeadline,
            ok));
    ProxyResult waitTooLong =
        ProxyResult.status(429).header("retry-after", "600").error("RetryAfterTooLong");
    all.add(
        scenario(
            "Retry-After above the cap: RetryAfterTooLong ends at once -> FAILED Upstream.429"
                + " after 1 call",
            Workflow.fast().maxAttempts(6),
            "GET",
            failed("Upstream.429", waitTooLong, 1),
            waitTooLong,
            ok));
    ProxyResult deadlineNoAnswer = ProxyResult.noAnswer("DeadlineExceeded");
    all.add(
        scenario(
            "deadline without an answer: 0/Timeout, 0/DeadlineExceeded -> FAILED"
                + " Deadline.Exceeded after 2 calls",
            Workflow.fast().maxAttempts(6),
            "GET",
            failed("Deadline.Exceeded", deadlineNoAnswer, 2),
            timeout,
            deadlineNoAnswer,
            ok));
    return Collections.unmodifiableList(all);
  }

  private static WorkflowScenario scenario(
      String name, Workflow workflow, String method, Expected expected, ProxyResult... results) {
    return new WorkflowScenario(name, workflow, method, List.of(results), expected);
  }

  private static ProxyResult[] times(int n, ProxyResult result, ProxyResult... then) {
    List<ProxyResult> all = new ArrayList<>(Collections.nCopies(n, result));
    all.addAll(List.of(then));
    return all.toArray(ProxyResult[]::new);
  }
}
