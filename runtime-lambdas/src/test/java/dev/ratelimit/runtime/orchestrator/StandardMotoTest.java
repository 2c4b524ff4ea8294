package dev.ratelimit.runtime.orchestrator;

import static dev.ratelimit.runtime.orchestrator.Support.event;
import static dev.ratelimit.runtime.orchestrator.Support.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.testsupport.MotoServer;
import dev.ratelimit.testsupport.ProxyResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * STANDARD against moto_server: StartExecution → 202 + Location; the status route
 * (DescribeExecution) → 202 while running, then the mapped answer; unknown id → 404. The generated
 * workflow (the plugin's golden vendor-gateway definition) really runs in moto's interpreter with
 * proxy results injected.
 */
@Tag("moto") // needs moto_server: runs with -Pconformance
class StandardMotoTest {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @BeforeEach
  void reset() {
    MOTO.reset(); // moto 5.2.1 runs one execution per server unless reset in between
  }

  static String createStateMachine(String name, String definition) {
    return MOTO.sfn()
        .createStateMachine(
            b ->
                b.name(name)
                    .definition(definition)
                    .roleArn("arn:aws:iam::123456789012:role/sfn")
                    .type("STANDARD"))
        .stateMachineArn();
  }

  static String generatedDefinition() {
    try (InputStream in =
        StandardMotoTest.class.getResourceAsStream("/orchestrator/vendor-gateway.asl.json")) {
      String d = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (int n = 1; n <= 3; n++) {
        d =
            d.replace(
                "${Proxy" + n + ".Arn}", "arn:aws:lambda:us-east-1:123456789012:function:p" + n);
      }
      assertThat(d).doesNotContain("${");
      return d;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static OrchestratorHandler handler(String stateMachineArn) {
    Map<String, String> env = new HashMap<>();
    env.put(EnvironmentNames.STATE_MACHINE_ARN, stateMachineArn);
    env.put(EnvironmentNames.WORKFLOW_TYPE, "STANDARD");
    env.put(EnvironmentNames.AWS_REGION, "us-east-1");
    return new OrchestratorHandler(OrchestratorConfig.fromEnvironment(env), MOTO.endpoint());
  }

  /** A handler in front of the generated workflow, whose one proxy call answers {@code result}. */
  static OrchestratorHandler generatedWorkflowAnswering(ProxyResult result) {
    String arn = createStateMachine("vendor-gateway", generatedDefinition());
    MOTO.queueProxyResults(List.of(result.json()));
    return handler(arn);
  }

  /** A status read presenting the token the 202 returned (auth NONE). */
  static FunctionUrlEvent read(String location, String token) {
    FunctionUrlEvent e = Support.get(location);
    e.setHeaders(token == null ? Map.of() : Map.of(CallerIdentity.TOKEN_HEADER, token));
    return e;
  }

  /**
   * Polls the status route until it stops answering 202 (a safety-net deadline, not a timing
   * assertion).
   */
  static FunctionUrlResponse pollUntilDone(OrchestratorHandler h, FunctionUrlResponse accepted) {
    return pollUntilDone(
        h,
        () ->
            read(
                accepted.getHeaders().get("location"),
                accepted.getHeaders().get(CallerIdentity.TOKEN_HEADER)));
  }

  static FunctionUrlResponse pollUntilDone(OrchestratorHandler h, Supplier<FunctionUrlEvent> read) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String location = read.get().getRawPath();
    while (true) {
      FunctionUrlResponse r = h.handleRequest(read.get(), Support.context());
      if (r.getStatusCode() != 202) {
        return r;
      }
      assertThat(json(r.getBody())).containsEntry("status", "RUNNING");
      if (System.nanoTime() > deadline) {
        throw new AssertionError("execution still running: " + location + "\n" + MOTO.logText());
      }
      MotoServer.sleep(100);
    }
  }

  FunctionUrlResponse post(OrchestratorHandler h, String requestId) {
    return post(
        h,
        event(
            "POST",
            "/v1/orders",
            "x=1",
            Support.headers("content-type", "application/json", "authorization", "Bearer c"),
            "{\"a\":1}",
            false,
            requestId),
        requestId);
  }

  FunctionUrlResponse post(OrchestratorHandler h, FunctionUrlEvent event, String requestId) {
    FunctionUrlResponse r = h.handleRequest(event, Support.context());
    assertThat(r.getStatusCode()).isEqualTo(202);
    assertThat(r.getHeaders())
        .containsEntry("location", "/_ratelimit/executions/" + requestId)
        .containsEntry("x-ratelimit-execution", requestId)
        .containsEntry("content-type", "application/json");
    assertThat(json(r.getBody()))
        .containsEntry("executionId", requestId)
        .containsEntry("status", "RUNNING");
    return r;
  }

  @Test
  void runningExecutionAnswers202() {
    String arn =
        createStateMachine(
            "slow",
            "{\"StartAt\":\"Hold\",\"States\":{\"Hold\":{\"Type\":\"Wait\","
                + "\"Seconds\":3600,\"Next\":\"Done\"},\"Done\":{\"Type\":\"Succeed\"}}}");
    OrchestratorHandler h = handler(arn);
    String id = "11111111-2222-4333-8444-555555555555";

    FunctionUrlResponse accepted = post(h, id);
    String location = accepted.getHeaders().get("location");
    String token = accepted.getHeaders().get(CallerIdentity.TOKEN_HEADER);
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(json(accepted.getBody())).containsEntry("token", token);
    FunctionUrlResponse status = h.handleRequest(read(location, token), Support.context());

    assertThat(status.getStatusCode()).isEqualTo(202);
    assertThat(json(status.getBody()))
        .containsEntry("executionId", id)
        .containsEntry("status", "RUNNING");
    assertThat(status.getHeaders()).containsEntry("location", location);
    String input =
        MOTO.sfn()
            .describeExecution(
                b -> b.executionArn(arn.replace(":stateMachine:", ":execution:") + ":" + id))
            .input();
    // The execution really carries the mapped input, and the owner as a fingerprint, never the
    // token.
    assertThat(json(input))
        .containsEntry(
            "request",
            Map.of(
                "method",
                "POST",
                "path",
                "/v1/orders",
                "query",
                "x=1",
                "headers",
                Map.of("content-type", "application/json"),
                "body",
                "{\"a\":1}",
                "isBase64Encoded",
                false));
    assertThat((String) json(input).get("caller")).matches("token:[0-9a-f]{64}");
    assertThat(input).doesNotContain(token);
  }

  @Test
  void generatedWorkflowSucceedsAndTheStatusRouteMapsItsResult() {
    OrchestratorHandler h = generatedWorkflowAnswering(ProxyResult.status(200).body("{\"id\":7}"));
    String id = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    FunctionUrlResponse done = pollUntilDone(h, post(h, id));

    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);
    assertThat(done.getBody()).isEqualTo("{\"id\":7}");
    assertThat(done.getHeaders())
        .containsEntry("content-type", "application/json")
        .containsEntry("x-ratelimit-execution", id);
  }

  @Test
  void generatedWorkflowFailureIsMappedToTheUpstreamStatus() {
    String cause =
        "{\"status\":404,\"error\":null,\"contentType\":\"application/json\","
            + "\"body\":\"{\\\"missing\\\":true}\",\"truncated\":false}";
    OrchestratorHandler h =
        generatedWorkflowAnswering(ProxyResult.status(404).body("{\"missing\":true}").cause(cause));
    String id = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";

    FunctionUrlResponse done = pollUntilDone(h, post(h, id));

    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(404);
    assertThat(done.getBody()).isEqualTo("{\"missing\":true}");
    assertThat(done.getHeaders()).containsEntry("content-type", "application/json");
  }

  @Test
  void unknownOrInvalidExecutionIdIs404() {
    OrchestratorHandler h = handler(createStateMachine("vendor-gateway", generatedDefinition()));

    FunctionUrlResponse unknown =
        h.handleRequest(
            Support.get("/_ratelimit/executions/99999999-9999-4999-8999-999999999999"),
            Support.context());
    assertThat(unknown.getStatusCode()).as(unknown.getBody()).isEqualTo(404);
    assertThat(json(unknown.getBody())).containsEntry("error", "ExecutionNotFound");

    for (String bad : new String[] {"a:b", "..", "x%2Fy", "a.b", "x".repeat(81)}) {
      FunctionUrlResponse r = h.handleRequest(Support.get("/_ratelimit/executions/" + bad), null);
      assertThat(r.getStatusCode()).as(bad).isEqualTo(404);
    }
    FunctionUrlResponse wrongMethod =
        h.handleRequest(
            event(
                "DELETE",
                "/_ratelimit/executions/99999999-9999-4999-8999-999999999999",
                "",
                Map.of(),
                null,
                false,
                "d"),
            null);
    assertThat(wrongMethod.getStatusCode()).isEqualTo(405);
  }

  /** A SigV4-verified caller, as Lambda describes it in requestContext.authorizer.iam. */
  static FunctionUrlEvent signed(FunctionUrlEvent e, String userArn, String callerId) {
    FunctionUrlEvent.Iam iam = new FunctionUrlEvent.Iam();
    iam.setAccountId("111122223333");
    iam.setUserArn(userArn);
    iam.setCallerId(callerId);
    iam.setUserId(callerId);
    FunctionUrlEvent.Authorizer authorizer = new FunctionUrlEvent.Authorizer();
    authorizer.setIam(iam);
    e.getRequestContext().setAuthorizer(authorizer);
    return e;
  }

  @Test
  void iamCallerReadsItsOwnExecutionAndAStrangerGets404() {
    OrchestratorHandler h =
        generatedWorkflowAnswering(ProxyResult.status(200).body("{\"secret\":1}"));
    String id = "cccccccc-dddd-4eee-8fff-000000000000";
    String owner = "arn:aws:iam::111122223333:user/alice";
    FunctionUrlResponse accepted =
        post(
            h,
            signed(event("POST", "/v1/orders", "", Map.of(), "{}", false, id), owner, "AIDAALICE"),
            id);
    assertThat(accepted.getHeaders()).doesNotContainKey(CallerIdentity.TOKEN_HEADER);
    String location = accepted.getHeaders().get("location");

    FunctionUrlResponse done =
        pollUntilDone(h, () -> signed(Support.get(location), owner, "AIDAALICE"));
    FunctionUrlResponse stranger =
        h.handleRequest(
            signed(Support.get(location), "arn:aws:iam::111122223333:user/mallory", "AIDAMALLORY"),
            null);
    FunctionUrlResponse unsigned = h.handleRequest(Support.get(location), null);
    FunctionUrlResponse unknown =
        h.handleRequest(
            signed(
                Support.get("/_ratelimit/executions/99999999-9999-4999-8999-999999999999"),
                owner,
                "AIDAALICE"),
            null);

    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);
    assertThat(done.getBody()).isEqualTo("{\"secret\":1}");
    for (FunctionUrlResponse r : List.of(stranger, unsigned)) {
      assertThat(r.getStatusCode()).isEqualTo(404);
      // Indistinguishable from an id that does not exist (only the request id differs).
      assertThat(json(r.getBody()))
          .containsEntry("error", "ExecutionNotFound")
          .containsEntry("message", json(unknown.getBody()).get("message"));
      assertThat(r.getHeaders()).isEqualTo(unknown.getHeaders());
      assertThat(r.getBody()).doesNotContain("secret");
    }
  }

  @Test
  void tokenCallerReadsWithItsTokenAndNothingElseDoes() {
    OrchestratorHandler h =
        generatedWorkflowAnswering(
            ProxyResult.status(200).header("content-type", "text/plain").body("mine"));
    String id = "dddddddd-eeee-4fff-8000-111111111111";
    FunctionUrlResponse accepted = post(h, id);
    String location = accepted.getHeaders().get("location");
    String token = accepted.getHeaders().get(CallerIdentity.TOKEN_HEADER);

    FunctionUrlResponse done = pollUntilDone(h, accepted);
    FunctionUrlResponse noToken = h.handleRequest(read(location, null), null);
    FunctionUrlResponse wrongToken =
        h.handleRequest(read(location, token.substring(1) + "A"), null);
    // Another caller's valid token is a stranger's too.
    FunctionUrlResponse other =
        h.handleRequest(
            event(
                "GET", "/v1/x", "", Map.of(), null, false, "eeeeeeee-ffff-4000-8111-222222222222"),
            null);
    FunctionUrlResponse otherToken =
        h.handleRequest(read(location, other.getHeaders().get(CallerIdentity.TOKEN_HEADER)), null);

    assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);
    assertThat(done.getBody()).isEqualTo("mine");
    for (FunctionUrlResponse r : List.of(noToken, wrongToken, otherToken)) {
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(404);
      assertThat(json(r.getBody())).containsEntry("error", "ExecutionNotFound");
    }
  }
}
