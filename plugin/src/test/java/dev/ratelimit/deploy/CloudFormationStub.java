package dev.ratelimit.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;
import java.util.Map;

/**
 * Replays CloudFormation's Query-API answers (the XML documented in the CloudFormation API
 * reference) from a WireMock server: each action answers a sequence, the last answer repeating.
 */
final class CloudFormationStub {
  static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
  static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/gw/0f2c-11ee";

  private final WireMockServer server;

  CloudFormationStub(WireMockServer server) {
    this.server = server;
  }

  /**
   * Answers {@code action} with these responses in turn (status 200 unless the body is an error).
   */
  void sequence(String action, String... bodies) {
    for (int i = 0; i < bodies.length; i++) {
      String state = i == 0 ? Scenario.STARTED : action + "-" + i;
      var stub =
          post(urlPathEqualTo("/"))
              .withRequestBody(containing("Action=" + action + "&"))
              .inScenario(action)
              .whenScenarioStateIs(state)
              .willReturn(
                  aResponse()
                      .withStatus(bodies[i].startsWith("<ErrorResponse") ? 400 : 200)
                      .withHeader("Content-Type", "text/xml")
                      .withBody(bodies[i]));
      if (i < bodies.length - 1) {
        stub.willSetStateTo(action + "-" + (i + 1));
      }
      server.stubFor(stub);
    }
  }

  static String response(String action, String result) {
    return "<"
        + action
        + "Response xmlns=\""
        + NS
        + "\">"
        + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
        + "<ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>"
        + "</"
        + action
        + "Response>";
  }

  static String error(String code, String message) {
    return "<ErrorResponse xmlns=\""
        + NS
        + "\"><Error><Type>Sender</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error>"
        + "<RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ErrorResponse>";
  }

  static String noStack() {
    return error("ValidationError", "Stack with id gw does not exist");
  }

  static String stack(String status, Map<String, String> outputs) {
    StringBuilder o = new StringBuilder();
    outputs.forEach(
        (k, v) ->
            o.append("<member><OutputKey>")
                .append(k)
                .append("</OutputKey><OutputValue>")
                .append(v)
                .append("</OutputValue></member>"));
    return response(
        "DescribeStacks",
        "<Stacks><member>"
            + "<StackName>gw</StackName><StackId>"
            + STACK_ID
            + "</StackId>"
            + "<CreationTime>2026-01-01T10:00:00.000Z</CreationTime>"
            + "<StackStatus>"
            + status
            + "</StackStatus>"
            + (outputs.isEmpty() ? "" : "<Outputs>" + o + "</Outputs>")
            + "</member></Stacks>");
  }

  static String stack(String status) {
    return stack(status, Map.of());
  }

  /** One event; {@code n} orders them in time. */
  record Ev(int n, String logicalId, String type, String status, String reason) {
    String xml() {
      return "<member><EventId>"
          + id()
          + "</EventId><StackName>gw</StackName><StackId>"
          + STACK_ID
          + "</StackId><LogicalResourceId>"
          + logicalId
          + "</LogicalResourceId><PhysicalResourceId>"
          + logicalId
          + "-phys</PhysicalResourceId><ResourceType>"
          + type
          + "</ResourceType>"
          + "<Timestamp>2026-01-01T10:00:"
          + String.format("%02d", n)
          + ".000Z</Timestamp>"
          + "<ResourceStatus>"
          + status
          + "</ResourceStatus>"
          + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>")
          + "</member>";
    }

    String id() {
      return logicalId + "-" + status + "-" + n;
    }
  }

  static Ev stackEvent(int n, String status, String reason) {
    return new Ev(n, "gw", "AWS::CloudFormation::Stack", status, reason);
  }

  /** A DescribeStackEvents page: newest first, as CloudFormation lists them. */
  static String events(List<Ev> newestFirst, String nextToken) {
    StringBuilder b = new StringBuilder("<StackEvents>");
    newestFirst.forEach(e -> b.append(e.xml()));
    b.append("</StackEvents>");
    if (nextToken != null) {
      b.append("<NextToken>").append(nextToken).append("</NextToken>");
    }
    return response("DescribeStackEvents", b.toString());
  }

  static String changeSet(String status, String reason, String... addedProxies) {
    StringBuilder changes = new StringBuilder("<Changes>");
    for (String id : addedProxies) {
      changes
          .append(
              "<member><Type>Resource</Type><ResourceChange><Action>Add</Action>"
                  + "<LogicalResourceId>")
          .append(id)
          .append(
              "</LogicalResourceId>"
                  + "<ResourceType>AWS::Lambda::Function</ResourceType></ResourceChange></member>");
    }
    changes.append(
        "<member><Type>Resource</Type><ResourceChange><Action>Modify</Action>"
            + "<LogicalResourceId>StateMachine</LogicalResourceId><ResourceType>"
            + "AWS::StepFunctions::StateMachine</ResourceType><Replacement>False</Replacement>"
            + "</ResourceChange></member></Changes>");
    return response(
        "DescribeChangeSet",
        "<ChangeSetName>cs</ChangeSetName>"
            + "<ChangeSetId>arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs/1</ChangeSetId>"
            + "<StackId>"
            + STACK_ID
            + "</StackId><StackName>gw</StackName>"
            + "<Status>"
            + status
            + "</Status>"
            + (reason == null ? "" : "<StatusReason>" + reason + "</StatusReason>")
            + "<ExecutionStatus>"
            + ("FAILED".equals(status) ? "UNAVAILABLE" : "AVAILABLE")
            + "</ExecutionStatus>"
            + ("FAILED".equals(status) ? "" : changes.toString()));
  }

  static String createChangeSet() {
    return response(
        "CreateChangeSet",
        "<Id>arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs/1</Id>"
            + "<StackId>"
            + STACK_ID
            + "</StackId>");
  }
}
