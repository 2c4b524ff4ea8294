package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.config;
import static dev.ratelimit.runtime.orchestrator.Support.event;
import static dev.ratelimit.runtime.orchestrator.Support.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proxy's {@code PathTable} against the orchestrator: every hostile target gets 400 with a
 * message naming the rule, and the Step Functions stub sees no call; every legitimate one starts
 * the workflow with the path and query unchanged.
 */
class HostilePathsOrchestratorTest {
  @RegisterExtension static final ExpressStub stub = new ExpressStub();
  static final OrchestratorHandler handler =
      new OrchestratorHandler(config("EXPRESS"), stub.endpoint());

  @BeforeEach
  void succeed() {
    stub.answer("SUCCEEDED", null, null, RequestMappingTest.OK_OUTPUT);
  }

  @ParameterizedTest
  @MethodSource("dev.ratelimit.runtime.proxy.PathTable#hostile")
  void hostileTargetsAreRefusedBeforeAnyWorkflow(String path, String query) {
    FunctionUrlResponse r =
        handler.handleRequest(
            event("GET", path, query, Map.of(), null, false, "req-h"), Support.context());

    assertThat(r.getStatusCode()).as(path + "?" + query).isEqualTo(400);
    Map<String, Object> body = json(r.getBody());
    assertThat(body)
        .containsEntry("error", "InvalidRequest")
        .containsEntry("requestId", Support.LAMBDA_REQUEST_ID);
    assertThat((String) body.get("message")).matches("(path|query).*");
    assertThat(stub.requests()).as(path + "?" + query).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.ratelimit.runtime.proxy.PathTable#legitimate")
  void legitimateTargetsStartTheWorkflowUnchanged(String path, String query) {
    FunctionUrlResponse r =
        handler.handleRequest(event("GET", path, query, Map.of(), null, false, "req-l"), null);

    assertThat(r.getStatusCode()).as(path + "?" + query + " " + r.getBody()).isEqualTo(200);
    assertThat(RequestMappingTest.sentRequest(stub))
        .containsEntry("path", path)
        .containsEntry("query", query);
  }
}
