package dev.ratelimit.runtime.orchestrator;

import dev.ratelimit.runtime.proxy.TestContext;
import static dev.ratelimit.runtime.orchestrator.Support.config;
import static dev.ratelimit.runtime.orchestrator.Support.event;
import static dev.ratelimit.runtime.orchestrator.Support.fixture;
import static dev.ratelimit.runtime.orchestrator.Support.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Caller request → workflow input: fixtures in both base64 modes, header rules, SSRF paths, 413. */
class RequestMappingTest {
    static ExpressStub stub;
    static OrchestratorHandler handler;
    static final String OK_OUTPUT = "{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\"},\"body\":\"ok\","
            + "\"isBase64Encoded\":false,\"waitSeconds\":0,\"error\":\"\",\"cause\":\"\"}";

    @BeforeAll
    static void start() {
        stub = new ExpressStub();
        handler = new OrchestratorHandler(config("EXPRESS", OrchestratorConfig.MAX_REQUEST_BYTES, "100"),
                stub.endpoint());
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
        assertThat(request).containsEntry("method", "GET").containsEntry("path", "/v2/orders/42")
                .containsEntry("query", "expand=items&page=2").containsEntry("body", "hello, vendor")
                .containsEntry("isBase64Encoded", false);
        // Only the allowlist (plus idempotency-key); no auth, SigV4, hop-by-hop, host, x-amz*, x-forwarded-*.
        assertThat(request.get("headers")).isEqualTo(Map.of("accept", "application/json", "accept-language", "en",
                "content-type", "text/plain; charset=utf-8", "idempotency-key", "key-1"));
        assertThat(stub.onlyRequest()).containsEntry("name", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f");
        assertThat(r.getHeaders()).containsEntry("x-ratelimit-execution", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f");
    }

    @Test
    void base64FixtureIsPassedAsGiven() {
        FunctionUrlResponse r = handler.handleRequest(fixture("post-base64.json"), Support.context());

        assertThat(r.getStatusCode()).isEqualTo(200);
        Map<String, Object> request = sentRequest();
        assertThat(request).containsEntry("method", "POST").containsEntry("path", "/v2/upload")
                .containsEntry("query", "").containsEntry("body", "AP8QgA==").containsEntry("isBase64Encoded", true);
        assertThat(request.get("headers")).isEqualTo(Map.of("content-type", "application/octet-stream"));
    }

    @Test
    void configuredAllowlistReplacesTheDefault() {
        OrchestratorHandler h = new OrchestratorHandler(config("EXPRESS", OrchestratorConfig.FORWARD_HEADERS,
                "X-Custom, authorization, x-amz-date, host"), stub.endpoint());

        h.handleRequest(fixture("get-text.json"), Support.context());

        // Listed restricted headers are still dropped; idempotency-key always passes.
        assertThat(sentRequest().get("headers")).isEqualTo(Map.of("x-custom", "not listed", "idempotency-key", "key-1"));
    }

    @Test
    void callerTimeoutTravelsToTheProxiesNormalized() {
        handler.handleRequest(event("GET", "/v1/x", "", Support.headers("X-Ratelimit-Timeout", " 20 ",
                "accept", "*/*"), "", false, "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"), Support.context());

        assertThat(sentRequest().get("headers")).isEqualTo(Map.of("accept", "*/*", "x-ratelimit-timeout", "20"));
    }

    @Test
    void invalidCallerTimeoutIsRejectedBeforeAnyWorkflow() {
        for (String value : new String[] {"0", "-3", "1.5", "soon", ""}) {
            stub.answer("SUCCEEDED", null, null, OK_OUTPUT); // also forgets earlier requests
            FunctionUrlResponse r = handler.handleRequest(event("GET", "/v1/x", "",
                    Support.headers("x-ratelimit-timeout", value), "", false, "r1"), Support.context());

            assertThat(r.getStatusCode()).as(value).isEqualTo(400);
            assertThat(json(r.getBody()).get("message").toString()).as(value).contains("x-ratelimit-timeout");
            assertThat(stub.requests()).as(value).isEmpty();
        }
    }

    @Test
    void responseSerializesAsTheRuntimeWould() {
        Map<String, Object> out = Support.serialized(handler.handleRequest(fixture("get-text.json"), null));

        assertThat(out).containsEntry("statusCode", 200L).containsEntry("body", "ok")
                .containsEntry("isBase64Encoded", false);
        assertThat(out.get("headers")).isEqualTo(Map.of("content-type", "text/plain",
                "x-ratelimit-execution", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "//evil.example/steal",            // protocol-relative: another host
        "//evil.example",
        "/a//evil.example",                // empty segment
        "/@evil.example/x",                // user-info trick
        "/x@evil.example",
        "/a%2F..%2Fb",                      // encoded slash
        "/a%2fb",
        "/a%5Cb",                           // encoded backslash
        "/a\\b",                            // backslash
        "/a/../admin",                      // dot segments
        "/a/..",
        "/./a",
        "/a/%2e%2e/admin",                  // encoded dot segments
        "/a/%2E%2E",
        "/a/.%2e/b",
        "/a/%252e%252e/b",                  // double-encoded
        "/a%252Fb",
        "http://evil.example/x",            // absolute URL as the path
        "/http://evil.example/x",           // absolute URL inside the path
        "/https:%2F%2Fevil.example",
        "/redirect/https%3A%2F%2Fevil.example",
        "evil.example/x",                   // no leading slash
        "",
        "/a b",                             // whitespace, control, non-ASCII, query/fragment markers
        "/a\tb",
        "/caf\u00e9",
        "/a#frag",
        "/a?x=1"
    })
    void pathsThatCouldLeaveTheTargetAreRejectedBeforeAnyWorkflow(String path) {
        TestContext ctx = Support.context();
        FunctionUrlResponse r = handler.handleRequest(event("GET", path, "", Map.of(), null, false, "req-ssrf"), ctx);

        assertThat(r.getStatusCode()).as(path).isEqualTo(400);
        assertThat(r.getHeaders()).containsEntry("content-type", "application/json");
        assertThat(json(r.getBody())).containsEntry("error", "InvalidRequest")
                .containsEntry("requestId", Support.LAMBDA_REQUEST_ID);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void queryWithFragmentOrControlCharactersIsRejected() {
        FunctionUrlResponse r = handler.handleRequest(event("GET", "/a", "x=1#y", Map.of(), null, false, "q"), null);

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void ordinaryPathsPass() {
        for (String path : new String[] {"/", "/v1/items/42", "/a/b%20c", "/a/.well-known", "/a/..b", "/a:b/c"}) {
            stub.answer("SUCCEEDED", null, null, OK_OUTPUT);
            FunctionUrlResponse r = handler.handleRequest(event("GET", path, "", Map.of(), null, false, "p"), null);
            assertThat(r.getStatusCode()).as(path).isEqualTo(200);
            assertThat(sentRequest()).containsEntry("path", path);
        }
    }

    @Test
    void bodyOverTheLimitGets413BeforeAnyWorkflow() {
        FunctionUrlResponse r = handler.handleRequest(event("POST", "/a", "", Map.of(), "x".repeat(101), false, "big"),
                Support.context());

        assertThat(r.getStatusCode()).isEqualTo(413);
        assertThat(json(r.getBody())).containsEntry("error", "RequestTooLarge");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void limitCountsTheBodyAsCarriedInclusiveOfTheBoundary() {
        FunctionUrlResponse atLimit = handler.handleRequest(
                event("POST", "/a", "", Map.of(), "x".repeat(100), false, "edge"), null);
        assertThat(atLimit.getStatusCode()).isEqualTo(200);

        stub.answer("SUCCEEDED", null, null, OK_OUTPUT);
        // 76 base64 characters carry 57 bytes; the limit counts what enters the workflow: 100 < 104.
        FunctionUrlResponse base64 = handler.handleRequest(
                event("POST", "/a", "", Map.of(), "QUFB".repeat(26), true, "edge64"), null);
        assertThat(base64.getStatusCode()).isEqualTo(413);
    }

    @Test
    void invalidBase64BodyIsRejected() {
        FunctionUrlResponse r = handler.handleRequest(event("POST", "/a", "", Map.of(), "not base64!", true, "b"), null);

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void reservedRoutesAreNotForwarded() {
        for (String path : new String[] {"/_ratelimit/executions/abc", "/_ratelimit/x", "/%5Fratelimit/executions/a"}) {
            FunctionUrlResponse r = handler.handleRequest(event("GET", path, "", Map.of(), null, false, "r"), null);
            assertThat(r.getStatusCode()).as(path).isEqualTo(404);
        }
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void invalidMethodAndMissingContextAreRejected() {
        assertThat(handler.handleRequest(event("GE T", "/a", "", Map.of(), null, false, "m"), null).getStatusCode())
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
        assertThat(line).containsEntry("event", "request").containsEntry("method", "GET")
                .containsEntry("path", "/v2/orders/42").containsEntry("status", 200L)
                .containsEntry("execution", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f").containsKey("elapsedMs");
        assertThat(ctx.lines.get(0)).doesNotContain("expand", "hello", "key-1", "AWS4", "token");
    }
}
