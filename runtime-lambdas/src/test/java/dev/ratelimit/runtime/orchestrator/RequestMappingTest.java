package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.config;
import static dev.ratelimit.runtime.orchestrator.Support.event;
import static dev.ratelimit.runtime.orchestrator.Support.fixture;
import static dev.ratelimit.runtime.orchestrator.Support.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.proxy.TestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caller request → workflow input: fixtures in both base64 modes, header rules, 413 (paths:
 * HostilePathsOrchestratorTest).
 */
class RequestMappingTest {
  static ExpressStub stub;
  static OrchestratorHandler handler;
  static final String OK_OUTPUT =
      "{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\"},\"body\":\"ok\","
          + "\"isBase64Encoded\":false,\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\"}";

  @BeforeAll
  static void start() {
    stub = new ExpressStub();
    handler =
        new OrchestratorHandler(
            config("EXPRESS", EnvironmentNames.MAX_REQUEST_BYTES, "1000"), stub.endpoint());
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @BeforeEach
  void succeed() {
    stub.answer("SUCCEEDED", null, null, OK_OUTPUT);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> sentRequest() {
    return sentRequest(stub);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> sentRequest(ExpressStub stub) {
    Map<String, Object> call = stub.onlyRequest();
    assertThat(call).containsEntry("stateMachineArn", Support.STATE_MACHINE_ARN);
    Map<String, Object> input = json((String) call.get("input"));
    assertThat(input.keySet()).containsExactly("request");
    return (Map<String, Object>) input.get("request");
  }

  @Test
  void textFixtureBecomesTheWorkflowInput() {
    FunctionUrlResponse r = handler.handleRequest(fixture("get-text.json"), Support.context());

    assertThat(r.getStatusCode()).isEqualTo(200);
    Map<String, Object> request = sentRequest();
    assertThat(request)
        .containsEntry("method", "GET")
        .containsEntry("path", "/v2/orders/42")
        .containsEntry("query", "expand=items&page=2")
        .containsEntry("body", "hello, vendor")
        .containsEntry("isBase64Encoded", false);
    // Only the allowlist (plus idempotency-key); no auth, SigV4, hop-by-hop, host, x-amz*,
    // x-forwarded-*.
    assertThat(request.get("headers"))
        .isEqualTo(
            Map.of(
                "accept",
                "application/json",
                "accept-language",
                "en",
                "content-type",
                "text/plain; charset=utf-8",
                "idempotency-key",
                "key-1"));
    assertThat(stub.onlyRequest()).containsEntry("name", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f");
    assertThat(r.getHeaders())
        .containsEntry("x-ratelimit-execution", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f");
  }

  @Test
  void base64FixtureIsPassedAsGiven() {
    FunctionUrlResponse r = handler.handleRequest(fixture("post-base64.json"), Support.context());

    assertThat(r.getStatusCode()).isEqualTo(200);
    Map<String, Object> request = sentRequest();
    assertThat(request)
        .containsEntry("method", "POST")
        .containsEntry("path", "/v2/upload")
        .containsEntry("query", "")
        .containsEntry("body", "AP8QgA==")
        .containsEntry("isBase64Encoded", true);
    assertThat(request.get("headers"))
        .isEqualTo(Map.of("content-type", "application/octet-stream"));
  }

  @Test
  void configuredAllowlistReplacesTheDefault() {
    OrchestratorHandler h =
        new OrchestratorHandler(
            config(
                "EXPRESS",
                EnvironmentNames.FORWARD_HEADERS,
                "X-Custom, authorization, x-amz-date, host"),
            stub.endpoint());

    h.handleRequest(fixture("get-text.json"), Support.context());

    // Listed restricted headers are still dropped; idempotency-key always passes.
    assertThat(sentRequest().get("headers"))
        .isEqualTo(Map.of("x-custom", "not listed", "idempotency-key", "key-1"));
  }

  @Test
  void callerTimeoutTravelsToTheProxiesNormalized() {
    handler.handleRequest(
        event(
            "GET",
            "/v1/x",
            "",
            Support.headers("X-Ratelimit-Timeout", " 20 ", "accept", "*/*"),
            "",
            false,
            "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"),
        Support.context());

    assertThat(sentRequest().get("headers"))
        .isEqualTo(Map.of("accept", "*/*", "x-ratelimit-timeout", "20"));
  }

  @Test
  void invalidCallerTimeoutIsRejectedBeforeAnyWorkflow() {
    for (String value : new String[] {"0", "-3", "1.5", "soon", ""}) {
      stub.answer("SUCCEEDED", null, null, OK_OUTPUT); // also forgets earlier requests
      FunctionUrlResponse r =
          handler.handleRequest(
              event(
                  "GET",
                  "/v1/x",
                  "",
                  Support.headers("x-ratelimit-timeout", value),
                  "",
                  false,
                  "r1"),
              Support.context());

      assertThat(r.getStatusCode()).as(value).isEqualTo(400);
      assertThat(json(r.getBody()).get("message").toString())
          .as(value)
          .contains("x-ratelimit-timeout");
      assertThat(stub.requests()).as(value).isEmpty();
    }
  }

  @Test
  void responseSerializesAsTheRuntimeWould() {
    Map<String, Object> out =
        Support.serialized(handler.handleRequest(fixture("get-text.json"), null));

    assertThat(out)
        .containsEntry("statusCode", 200L)
        .containsEntry("body", "ok")
        .containsEntry("isBase64Encoded", false);
    assertThat(out.get("headers"))
        .isEqualTo(
            Map.of(
                "content-type",
                "text/plain",
                "x-ratelimit-execution",
                "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"));
  }

  @Test
  void bodyOverTheLimitGets413BeforeAnyWorkflow() {
    FunctionUrlResponse r =
        handler.handleRequest(
            event("POST", "/a", "", Map.of(), "x".repeat(1001), false, "big"), Support.context());

    assertThat(r.getStatusCode()).isEqualTo(413);
    assertThat(json(r.getBody())).containsEntry("error", "RequestTooLarge");
    assertThat((String) json(r.getBody()).get("message"))
        .contains("at most 1000", "maxResponseBytes");
    assertThat(stub.requests()).isEmpty();
  }

  /**
   * Bytes of the input for a POST /a with no headers and this body, as the orchestrator serializes
   * it.
   */
  static int inputBytes(String body, Map<String, String> headers) {
    return WorkflowInput.bytes(WorkflowInput.of("POST", "/a", "", headers, body, false, null));
  }

  @Test
  void limitCountsTheSerializedInputInclusiveOfTheBoundary() {
    int envelope = inputBytes("", Map.of());
    FunctionUrlResponse atLimit =
        handler.handleRequest(
            event("POST", "/a", "", Map.of(), "x".repeat(1000 - envelope), false, "edge"), null);
    assertThat(atLimit.getStatusCode()).isEqualTo(200);
    assertThat(WorkflowInput.bytes((String) stub.onlyRequest().get("input"))).isEqualTo(1000);

    stub.answer("SUCCEEDED", null, null, OK_OUTPUT);
    FunctionUrlResponse overByOne =
        handler.handleRequest(
            event("POST", "/a", "", Map.of(), "x".repeat(1001 - envelope), false, "edge1"), null);
    assertThat(overByOne.getStatusCode()).isEqualTo(413);
  }

  @Test
  void escapedBodiesAndHeadersCountAsTheStateHoldsThem() {
    // Each under the limit as raw bytes (the rule before), over it as the state holds them.
    String quotes = "\"".repeat(600); // 600 raw bytes, 1,200 escaped
    String controls = "\u0001".repeat(200); // 200 raw bytes, 1,200 escaped
    Map<String, String> headers =
        Support.headers("accept", "a".repeat(500), "content-type", "b".repeat(500));
    assertThat(inputBytes(quotes, Map.of())).isGreaterThan(1000);
    assertThat(inputBytes(controls, Map.of())).isGreaterThan(1000);

    for (FunctionUrlEvent e :
        new FunctionUrlEvent[] {
          event("POST", "/a", "", Map.of(), quotes, false, "q"),
          event("POST", "/a", "", Map.of(), controls, false, "c"),
          event("POST", "/a", "", headers, "small", false, "h")
        }) {
      FunctionUrlResponse r = handler.handleRequest(e, null);
      assertThat(r.getStatusCode()).isEqualTo(413);
    }
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void invalidBase64BodyIsRejected() {
    FunctionUrlResponse r =
        handler.handleRequest(event("POST", "/a", "", Map.of(), "not base64!", true, "b"), null);

    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void reservedRoutesAreNotForwarded() {
    for (String path :
        new String[] {
          "/_ratelimit/executions/abc", "/_ratelimit/x", "/%5Fratelimit/executions/a"
        }) {
      FunctionUrlResponse r =
          handler.handleRequest(event("GET", path, "", Map.of(), null, false, "r"), null);
      assertThat(r.getStatusCode()).as(path).isEqualTo(404);
    }
    assertThat(stub.requests()).isEmpty();
  }

  /** TRACE would echo the vendor key back; only the methods an API needs are forwarded. */
  @Test
  void methodsNoApiNeedsGet405BeforeAnyWorkflow() {
    for (String method : new String[] {"TRACE", "CONNECT", "PROPFIND", "track"}) {
      FunctionUrlResponse r =
          handler.handleRequest(event(method, "/a", "", Map.of(), null, false, "m"), null);
      assertThat(r.getStatusCode()).as(method).isEqualTo(405);
      assertThat(r.getHeaders())
          .containsEntry("allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
      assertThat(json(r.getBody())).containsEntry("error", "MethodNotAllowed");
    }
    assertThat(stub.requests()).isEmpty();
    for (String method :
        new String[] {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
      stub.answer("SUCCEEDED", null, null, OK_OUTPUT);
      assertThat(
              handler
                  .handleRequest(event(method, "/a", "", Map.of(), null, false, "m"), null)
                  .getStatusCode())
          .as(method)
          .isEqualTo(200);
    }
  }

  @Test
  void invalidMethodAndMissingContextAreRejected() {
    assertThat(
            handler
                .handleRequest(event("GE T", "/a", "", Map.of(), null, false, "m"), null)
                .getStatusCode())
        .isEqualTo(400);
    assertThat(handler.handleRequest(new FunctionUrlEvent(), null).getStatusCode()).isEqualTo(400);
    assertThat(handler.handleRequest(null, null).getStatusCode()).isEqualTo(400);
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  void invalidRequestIdGetsAGeneratedExecutionName() {
    handler.handleRequest(event("GET", "/a", "", Map.of(), null, false, "not a valid name!"), null);

    assertThat((String) stub.onlyRequest().get("name")).matches("[0-9a-f-]{36}");
  }

  @Test
  void logLineHasNoQueryHeaderValuesOrBody() {
    TestContext ctx = Support.context();
    handler.handleRequest(fixture("get-text.json"), ctx);

    assertThat(ctx.lines).hasSize(1);
    Map<String, Object> line = json(ctx.lines.get(0));
    assertThat(line)
        .containsEntry("event", "request")
        .containsEntry("method", "GET")
        .containsEntry("path", "/v2/orders/42")
        .containsEntry("status", 200L)
        .containsEntry("execution", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f")
        .containsKey("elapsedMs");
    assertThat(ctx.lines.get(0)).doesNotContain("expand", "hello", "key-1", "AWS4", "token");
  }
}
