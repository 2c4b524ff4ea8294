package dev.ratelimit.cloudformation;

import static dev.ratelimit.runtime.contract.MetricNames.FAILED;
import static dev.ratelimit.runtime.contract.MetricNames.GATEWAY_LATENCY;
import static dev.ratelimit.runtime.contract.MetricNames.PROXY;
import static dev.ratelimit.runtime.contract.MetricNames.REQUESTS;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_429;
import static dev.ratelimit.runtime.contract.MetricNames.WORKFLOW;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.Observability;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.WorkflowType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's alarms ({@code AWS::CloudWatch::Alarm}), each over one-minute periods and notifying
 * the given SNS topic when it fires and when it recovers: the callers' failure rate, each proxy's
 * throttle rate and the callers' p95 latency. Periods without data are not breaching (no traffic,
 * no alarm).
 */
public final class Alarms {
  private Alarms() {}

  public static String failureRateId() {
    return "FailureRateAlarm";
  }

  public static String throttleRateId(int proxy) {
    return "Proxy" + proxy + "ThrottleRateAlarm";
  }

  public static String latencyId() {
    return "LatencyAlarm";
  }

  /** The alarms by logical id; empty when none are configured. */
  public static Map<String, ObjectNode> resources(WorkflowSpec spec) {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    Observability.Alarms a = spec.observability().alarms();
    if (a == null) {
      return out;
    }
    String name = spec.workflowName();
    boolean express = spec.workflowType() == WorkflowType.EXPRESS;

    ObjectNode failure =
        alarm(
            spec,
            name + "-failure-rate",
            "Callers of "
                + name
                + " get failures in more"
                + " than "
                + a.failureRatePercent()
                + " % of requests",
            a.failureRatePercent());
    ArrayNode m = failure.putArray("Metrics");
    if (express) {
      m.add(stat("f", own(spec, FAILED), "Sum"));
      m.add(stat("r", own(spec, REQUESTS), "Sum"));
      m.add(math("100*f/r", "failure rate (%)"));
    } else {
      m.add(stat("f", states("ExecutionsFailed"), "Sum"));
      m.add(stat("t", states("ExecutionsTimedOut"), "Sum"));
      m.add(stat("r", states("ExecutionsStarted"), "Sum"));
      m.add(math("100*(f+t)/r", "failure rate (%)"));
    }
    out.put(failureRateId(), resource(spec, failure));

    for (int i = 1; i <= spec.proxies(); i++) {
      String proxy = spec.proxyFunctionName(i);
      ObjectNode throttle =
          alarm(
              spec,
              proxy + "-throttle-rate",
              "The vendor answers 429 to more than "
                  + a.throttleRatePercent()
                  + " % of "
                  + proxy
                  + "'s attempts",
              a.throttleRatePercent());
      ObjectNode metric = own(spec, UPSTREAM_429);
      metric.withArray("Dimensions").addObject().put("Name", PROXY).put("Value", proxy);
      ArrayNode t = throttle.putArray("Metrics");
      t.add(stat("t", metric, "Average"));
      t.add(math("100*t", "throttle rate (%)"));
      out.put(throttleRateId(i), resource(spec, throttle));
    }

    ObjectNode latency =
        alarm(
            spec,
            name + "-p95-latency",
            "The p95 latency of "
                + name
                + "'s callers is"
                + " above "
                + a.p95LatencyMillis()
                + " ms",
            a.p95LatencyMillis());
    ObjectNode metric = express ? own(spec, GATEWAY_LATENCY) : states("ExecutionTime");
    latency.put("Namespace", metric.get("Namespace").asText());
    latency.put("MetricName", metric.get("MetricName").asText());
    latency.set("Dimensions", metric.get("Dimensions"));
    latency.put("ExtendedStatistic", "p95");
    latency.put("Period", Dashboard.PERIOD_SECONDS);
    out.put(latencyId(), resource(spec, latency));
    return out;
  }

  private static ObjectNode alarm(
      WorkflowSpec spec, String name, String description, double threshold) {
    Observability.Alarms a = spec.observability().alarms();
    ObjectNode p = CanonicalJson.object();
    p.put("AlarmName", name);
    p.put("AlarmDescription", description + " for " + a.evaluationMinutes() + " minute(s).");
    p.put("ActionsEnabled", true);
    p.putArray("AlarmActions").add(a.topicArn());
    p.putArray("OKActions").add(a.topicArn());
    p.put("ComparisonOperator", "GreaterThanThreshold");
    p.put("Threshold", threshold);
    p.put("EvaluationPeriods", a.evaluationMinutes());
    p.put("DatapointsToAlarm", a.evaluationMinutes());
    p.put("TreatMissingData", "notBreaching");
    return p;
  }

  private static ObjectNode resource(WorkflowSpec spec, ObjectNode properties) {
    properties.set("Tags", LambdaResources.tags(spec));
    ObjectNode r = CanonicalJson.object();
    r.put("Type", "AWS::CloudWatch::Alarm");
    r.set("Properties", properties);
    return r;
  }

  private static ObjectNode own(WorkflowSpec spec, String name) {
    ObjectNode metric = CanonicalJson.object();
    metric.put("Namespace", spec.observability().namespace());
    metric.put("MetricName", name);
    metric
        .putArray("Dimensions")
        .addObject()
        .put("Name", WORKFLOW)
        .put("Value", spec.workflowName());
    return metric;
  }

  private static ObjectNode states(String name) {
    ObjectNode metric = CanonicalJson.object();
    metric.put("Namespace", Dashboard.STATES);
    metric.put("MetricName", name);
    metric
        .putArray("Dimensions")
        .addObject()
        .put("Name", "StateMachineArn")
        .set("Value", Intrinsics.ref(TemplateGenerator.STATE_MACHINE));
    return metric;
  }

  private static ObjectNode stat(String id, ObjectNode metric, String stat) {
    ObjectNode q = CanonicalJson.object();
    q.put("Id", id);
    ObjectNode ms = q.putObject("MetricStat");
    ms.set("Metric", metric);
    ms.put("Period", Dashboard.PERIOD_SECONDS);
    ms.put("Stat", stat);
    q.put("ReturnData", false);
    return q;
  }

  private static ObjectNode math(String expression, String label) {
    ObjectNode q = CanonicalJson.object();
    q.put("Id", "rate");
    q.put("Expression", expression);
    q.put("Label", label);
    q.put("ReturnData", true);
    return q;
  }
}
