package dev.ratelimit.runtime.orchestrator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock stub of Step Functions' AWS JSON 1.0 protocol, answering StartSyncExecution; started
 * when made. For a test class: {@code @RegisterExtension static final ExpressStub stub = new
 * ExpressStub();} (stopped after the class), else closed by the caller.
 */
final class ExpressStub implements AfterAllCallback, AutoCloseable {
  static final String TARGET = "AWSStepFunctions.StartSyncExecution";
  final WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  ExpressStub() {
    wm.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + wm.port());
  }

  static final String THROTTLED =
      "{\"__type\":\"com.amazonaws.states#ThrottlingException\",\"message\":\"slow down\"}";

  /** Answers the next StartSyncExecution with 200 and these response fields. */
  void answer(String status, String error, String cause, String output) {
    answerRaw(200, succeeded(status, error, cause, output));
  }

  private static String succeeded(String status, String error, String cause, String output) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("executionArn", "arn:aws:states:us-east-1:123456789012:express:vendor-gateway:x:y");
    body.put("stateMachineArn", Support.STATE_MACHINE_ARN);
    body.put("name", "x");
    body.put("startDate", 1767225600L);
    body.put("stopDate", 1767225601L);
    body.put("status", status);
    if (error != null) {
      body.put("error", error);
    }
    if (cause != null) {
      body.put("cause", cause);
    }
    if (output != null) {
      body.put("output", output);
    }
    body.put("input", "{}");
    return SdkJson.write(body);
  }

  /**
   * Throttles the first {@code throttled} StartSyncExecution calls, then answers SUCCEEDED with
   * {@code output}.
   */
  void throttleThenAnswer(int throttled, String output) {
    wm.resetAll();
    for (int i = 0; i <= throttled; i++) {
      wm.stubFor(
          post(urlEqualTo("/"))
              .withHeader("X-Amz-Target", equalTo(TARGET))
              .inScenario("throttle")
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "call-" + i)
              .willSetStateTo("call-" + (i + 1))
              .willReturn(
                  i < throttled
                      ? aResponse()
                          .withStatus(400)
                          .withHeader("Content-Type", "application/x-amz-json-1.0")
                          .withBody(THROTTLED)
                      : aResponse()
                          .withStatus(200)
                          .withHeader("Content-Type", "application/x-amz-json-1.0")
                          .withBody(succeeded("SUCCEEDED", null, null, output))));
    }
  }

  /** Answers SUCCEEDED with {@code output} only after {@code delayMillis}. */
  void answerSlowly(int delayMillis, String output) {
    wm.resetAll();
    wm.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(delayMillis)
                    .withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withBody(succeeded("SUCCEEDED", null, null, output))));
  }

  void answerRaw(int httpStatus, String json) {
    wm.resetAll();
    wm.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .willReturn(
                aResponse()
                    .withStatus(httpStatus)
                    .withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withBody(json)));
  }

  List<LoggedRequest> requests() {
    return wm.findAll(postRequestedFor(urlEqualTo("/")));
  }

  /** The single StartSyncExecution request's JSON body. */
  Map<String, Object> onlyRequest() {
    List<LoggedRequest> r = requests();
    if (r.size() != 1) {
      throw new AssertionError("expected exactly one StartSyncExecution request, got " + r.size());
    }
    return Support.json(r.get(0).getBodyAsString());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    wm.stop();
  }
}
