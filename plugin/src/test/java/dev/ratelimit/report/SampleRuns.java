package dev.ratelimit.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.LambdaFailure;
import dev.ratelimit.asl.local.LambdaInvoker;
import dev.ratelimit.asl.local.Sleeper;
import dev.ratelimit.asl.local.StateMachineRunner;
import dev.ratelimit.asl.local.VirtualTime;
import dev.ratelimit.diagram.WorkflowSvg;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.simulate.LocalGateway;
import dev.ratelimit.simulate.RequestRecord;
import dev.ratelimit.simulate.SimulationRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulation runs for the report's tests: the generated workflow run by {@link StateMachineRunner}
 * in virtual time against a scripted, seeded stand-in for rate-limited proxies (mostly 429s when
 * busy, some 5xx, network errors and crashes), so the histories are the executor's real ones.
 */
final class SampleRuns {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleRuns() {}

  static WorkflowSpec spec(int proxies) {
    return WorkflowSpec.builder()
        .workflowName("vendor-gateway")
        .targetUrl("https://api.example")
        .proxies(proxies)
        .maxAttempts(4)
        .workflowType("STANDARD")
        .build();
  }

  static String asl(WorkflowSpec spec) {
    return CanonicalJson.pretty(new StateMachineGenerator().generate(spec));
  }

  static String svg(WorkflowSpec spec) {
    return new WorkflowSvg().render(asl(spec));
  }

  /** {@code requests} requests, one every 100 ms, on {@code proxies} proxies; fixed seed. */
  static SimulationRun run(int proxies, int requests, long seed) {
    WorkflowSpec spec = spec(proxies);
    String asl = asl(spec);
    SplittableRandom random = new SplittableRandom(seed);
    List<RequestRecord> records = new ArrayList<>();
    Instant last = T0;
    for (int i = 0; i < requests; i++) {
      Instant submitted = T0.plusMillis(100L * i);
      VirtualTime time = Sleeper.virtual(submitted.plusMillis(5));
      LambdaInvoker proxy =
          (function, payload) -> {
            time.sleep(Duration.ofMillis(40 + random.nextInt(200)));
            int roll = random.nextInt(100);
            if (roll < 3) {
              throw new LambdaFailure("Sandbox.Timedout", "Task timed out");
            }
            if (roll < 40) {
              return result(429, "", 1);
            }
            if (roll < 45) {
              return result(503, "", 1);
            }
            if (roll < 48) {
              return result(0, "ConnectFailed", 1);
            }
            if (roll < 50) {
              return result(404, "", 0);
            }
            return result(200, "", 0);
          };
      StateMachineRunner runner =
          StateMachineRunner.forGenerated(
              asl, spec.workflowName(), proxy, time, new SplittableRandom(seed + i));
      LocalGateway.Exchange x =
          new LocalGateway(spec, runner, time.asClock(), line -> {})
              .call("sample-" + i, "GET", "/v1/items", "", Map.of(), "");
      ExecutionResult e = x.execution();
      records.add(new RequestRecord(i, submitted, e, x.answer()));
      last = e.stopped().isAfter(last) ? e.stopped() : last;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("requests", Integer.toString(requests));
    settings.put("proxies", Integer.toString(proxies));
    settings.put("seed", Long.toString(seed));
    return new SimulationRun(spec.workflowName(), settings, T0, last, records);
  }

  static String result(int status, String error, int waitSeconds) {
    ObjectNode r = JSON.createObjectNode();
    r.put("statusCode", status);
    r.putObject("headers").put("content-type", "application/json");
    r.put("body", status == 0 ? "" : "{\"status\":" + status + "}");
    r.put("isBase64Encoded", false);
    r.put("waitSeconds", waitSeconds);
    r.put("error", error);
    r.put(
        "cause",
        status >= 200 && status <= 299
            ? ""
            : "{\"status\":"
                + status
                + ",\"error\":"
                + (error.isEmpty() ? "null" : "\"" + error + "\"")
                + ",\"truncated\":false}");
    return r.toString();
  }
}
