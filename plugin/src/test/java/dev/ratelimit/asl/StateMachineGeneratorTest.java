package dev.ratelimit.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.model.WorkflowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StateMachineGeneratorTest {

  private static WorkflowSpec.Builder spec() {
    return WorkflowSpec.builder().workflowName("gw").targetUrl("https://api.vendor.example");
  }

  private static ObjectNode asl(WorkflowSpec spec) {
    return new StateMachineGenerator().generate(spec);
  }

  private static int indexOf(JsonNode choices, String next) {
    for (int i = 0; i < choices.size(); i++) {
      if (choices.get(i).path("Next").asText().equals(next)) {
        return i;
      }
    }
    throw new AssertionError("no choice leads to " + next + ": " + choices);
  }

  private static JsonNode firstChoice(JsonNode choices, String next) {
    return choices.get(indexOf(choices, next));
  }

  @Test
  void everyAttemptHasTaskChoiceAndWaitButTheLastHasNoWait() {
    JsonNode states =
        asl(spec().proxies(2).maxAttempts(4).workflowType("STANDARD").build()).get("States");
    for (int i = 1; i <= 4; i++) {
      assertThat(states.at("/Attempt" + i + "/Type").asText()).isEqualTo("Task");
      assertThat(states.at("/Check" + i + "/Type").asText()).isEqualTo("Choice");
      assertThat(states.at("/Attempt" + i + "/Payload/attempt").isMissingNode()).isTrue();
      assertThat(states.at("/Attempt" + i + "/Parameters/Payload/attempt").asInt()).isEqualTo(i);
    }
    assertThat(states.has("Wait3")).isTrue();
    assertThat(states.has("Wait4")).isFalse();
    assertThat(states.at("/Wait3/Next").asText()).isEqualTo("Attempt4");
  }

  @Test
  void taskRetriesLambdaServiceErrorsWithJitterAndCatchesCrashes() {
    JsonNode task = asl(spec().build()).at("/States/Attempt1");
    JsonNode retry = task.at("/Retry/0");
    assertThat(retry.get("ErrorEquals").toString())
        .isEqualTo(
            "[\"Lambda.ServiceException\","
                + "\"Lambda.AWSLambdaException\",\"Lambda.SdkClientException\","
                + "\"Lambda.ClientExecutionTimeoutException\",\"Lambda.TooManyRequestsException\"]");
    assertThat(retry.get("JitterStrategy").asText()).isEqualTo("FULL");
    assertThat(retry.get("IntervalSeconds").isInt()).isTrue();
    // First the errors that prove the proxy never ran (retried for every method), then any crash.
    assertThat(task.at("/Catch/0/ErrorEquals").toString())
        .isEqualTo(
            "[\"Lambda.TooManyRequestsException\","
                + "\"Lambda.ResourceNotReadyException\",\"Lambda.EC2ThrottledException\","
                + "\"Lambda.ENILimitReachedException\",\"Lambda.SubnetIPAddressLimitReachedException\"]");
    assertThat(task.at("/Catch/0/Next").asText()).isEqualTo("Attempt1NotInvoked");
    assertThat(task.at("/Catch/1/ErrorEquals/0").asText()).isEqualTo("States.ALL");
    assertThat(task.at("/Catch/1/Next").asText()).isEqualTo("Attempt1Crashed");
    assertThat(task.get("ResultPath").asText()).isEqualTo("$.last");
    assertThat(task.get("ResultSelector").toString())
        .contains("\"statusCode.$\":\"$.Payload.statusCode\"");
  }

  @Test
  void routeTableRotatesAndToleratesAnInclusiveRandomEnd() {
    WorkflowSpec s = spec().proxies(3).maxAttempts(3).build();
    JsonNode route = asl(s).at("/States/ChooseStartProxy/Parameters/route");
    List<String> table = new ArrayList<>();
    route.get("functions").forEach(f -> table.add(f.asText()));
    assertThat(route.get("start.$").asText()).isEqualTo("States.MathRandom(0, 3)");
    // Any start in [0, 3] (exclusive or inclusive end): attempt i uses table[start + i - 1], and
    // consecutive attempts use consecutive proxies modulo 3.
    for (int start = 0; start <= 3; start++) {
      for (int i = 1; i <= 3; i++) {
        int proxy = Integer.parseInt(table.get(start + i - 1).replaceAll("\\D", ""));
        assertThat(proxy).isEqualTo((start + i - 1) % 3 + 1);
      }
    }
  }

  @Test
  void placeholdersAreTheOnlyDollarBraces() {
    String text = CanonicalJson.pretty(asl(spec().proxies(5).maxAttempts(2).build()));
    Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(text);
    while (m.find()) {
      assertThat(m.group(1)).matches("Proxy[1-5]\\.Arn");
    }
  }

  @Test
  void defaultPolicyRetriesPostOnlyOn429AndConnectFailures() {
    String check = asl(spec().build()).at("/States/Check1").toString();
    assertThat(check).contains("\"Variable\":\"$.request.method\",\"StringEquals\":\"POST\"");
    assertThat(check).contains("\"Variable\":\"$.request.method\",\"StringEquals\":\"PATCH\"");
    JsonNode anyMethod = asl(spec().build()).at("/States/Check1/Choices/2");
    assertThat(anyMethod.toString())
        .contains("429")
        .contains("ConnectFailed")
        .doesNotContain("Timeout")
        .doesNotContain("$.request.method");
  }

  @Test
  void deadlineIsPassedToEveryProxyAndItsOutcomesAreVisible() {
    JsonNode asl = asl(spec().maxAttempts(3).build());
    for (int i = 1; i <= 3; i++) {
      assertThat(
              asl.at("/States/Attempt" + i + "/Parameters/Payload/executionStartTime.$").asText())
          .isEqualTo("$$.Execution.StartTime");
    }
    // Before any retry rule: the proxy said the next attempt cannot help, so the execution ends.
    assertThat(asl.at("/States/Check1/Choices/1").toString())
        .contains("\"StringEquals\":\"DeadlineExceeded\"", "\"StringEquals\":\"RetryAfterTooLong\"")
        .contains("\"Next\":\"ClassifyFailure\"");
    assertThat(asl.at("/States/ClassifyFailure/Choices/1/Next").asText())
        .isEqualTo("DeadlineExceeded");
    assertThat(asl.at("/States/DeadlineExceeded/Error").asText()).isEqualTo("Deadline.Exceeded");
  }

  @Test
  void retryNonIdempotentDropsTheMethodRule() {
    String check = asl(spec().retryNonIdempotent(true).build()).at("/States/Check1").toString();
    assertThat(check).doesNotContain("$.request.method");
  }

  @Test
  void networkErrorsCanBeMadeFinal() {
    String check = asl(spec().retryOnNetworkErrors(false).build()).at("/States/Check1").toString();
    assertThat(check).doesNotContain("ConnectFailed").doesNotContain("Timeout");
  }

  @Test
  void failuresAreNamedForTheOrchestrator() {
    JsonNode states = asl(spec().build()).get("States");
    assertThat(states.at("/UpstreamError/ErrorPath").asText())
        .isEqualTo("States.Format('Upstream.{}', $.last.statusCode)");
    assertThat(states.at("/UpstreamUnreachable/Error").asText()).isEqualTo("Upstream.Unreachable");
    assertThat(states.at("/ProxyFailed/Error").asText()).isEqualTo("Proxy.Failed");
    assertThat(states.at("/SecretUnavailable/Error").asText()).isEqualTo("Proxy.SecretUnavailable");
    for (String fail :
        List.of(
            "UpstreamError",
            "UpstreamUnreachable",
            "ProxyFailed",
            "ResponseTooLarge",
            "SecretUnavailable")) {
      assertThat(states.at("/" + fail + "/CausePath").asText()).isEqualTo("$.last.cause");
    }
    assertThat(states.at("/Succeeded/OutputPath").asText()).isEqualTo("$.last");
  }

  /**
   * Nothing was sent without the key: retried for every method (before: only GET-like, as a network
   * error).
   */
  @Test
  void aMissingKeyIsRetriedForEveryMethodAndNamedLast() {
    for (boolean nonIdempotent : new boolean[] {false, true}) {
      JsonNode states = asl(spec().retryNonIdempotent(nonIdempotent).build()).get("States");
      JsonNode firstRetryRule = firstChoice(states.at("/Check1/Choices"), "Wait1");
      assertThat(firstRetryRule.toString())
          .as("retryNonIdempotent %s", nonIdempotent)
          .contains("{\"Variable\":\"$.last.error\",\"StringEquals\":\"SecretUnavailable\"}")
          .doesNotContain("$.request.method");
      // before the statusCode 0 rule, which would name it Upstream.Unreachable
      JsonNode classify = states.at("/ClassifyFailure/Choices");
      assertThat(firstChoice(classify, "SecretUnavailable").get("StringEquals").asText())
          .isEqualTo("SecretUnavailable");
      assertThat(indexOf(classify, "SecretUnavailable"))
          .isLessThan(indexOf(classify, "UpstreamUnreachable"));
    }
  }

  @Test
  void workflowTimeoutIsTheWorstCaseButNeverPastTheDeadlineAndItsMargin() {
    WorkflowSpec s = spec().build();
    assertThat(asl(s).get("TimeoutSeconds").asInt()).isEqualTo(s.worstCase().totalSeconds());
    WorkflowSpec many = spec().proxies(10).maxAttempts(100).build();
    assertThat(asl(many).get("TimeoutSeconds").asInt()).isEqualTo(300);
    WorkflowSpec shortDeadline = spec().deadlineSeconds(60).build();
    assertThat(asl(shortDeadline).get("TimeoutSeconds").asInt()).isEqualTo(80);
  }
}
