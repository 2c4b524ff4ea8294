package dev.ratelimit.cloudformation;

import static dev.ratelimit.runtime.contract.MetricNames.ATTEMPTS;
import static dev.ratelimit.runtime.contract.MetricNames.FAILED_4XX;
import static dev.ratelimit.runtime.contract.MetricNames.FAILED_5XX;
import static dev.ratelimit.runtime.contract.MetricNames.GATEWAY_LATENCY;
import static dev.ratelimit.runtime.contract.MetricNames.PROXY;
import static dev.ratelimit.runtime.contract.MetricNames.REQUESTS;
import static dev.ratelimit.runtime.contract.MetricNames.RETRY_AFTER_SECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.SUCCEEDED;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_2XX;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_429;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_5XX;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_LATENCY;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_NETWORK_ERROR;
import static dev.ratelimit.runtime.contract.MetricNames.UPSTREAM_OTHER;
import static dev.ratelimit.runtime.contract.MetricNames.WAIT_SECONDS;
import static dev.ratelimit.runtime.contract.MetricNames.WORKFLOW;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.runtime.contract.WorkflowType;
import java.util.List;

/**
 * The gateway's CloudWatch dashboard ({@code AWS::CloudWatch::Dashboard}): how the vendor treats
 * the gateway, from the functions' metrics (namespace {@code metricsNamespace}) and the state
 * machine's own ({@code AWS/States}). Widget titles are public: the simulation report shows its
 * numbers under them.
 *
 * <p>A STANDARD workflow's caller polls for the outcome, so its orchestrator emits no request
 * metrics; there the success rate, calls per success and latency come from the state machine's
 * executions.
 */
public final class Dashboard {
  public static final String LOGICAL_ID = "Dashboard";
  public static final String SUCCESS_RATE = "Success rate (%)";
  public static final String THROTTLE_RATE = "Throttle rate per proxy (%)";
  public static final String CALLS_PER_SUCCESS = "Calls per success";
  public static final String GATEWAY_LATENCY_TITLE = "Gateway latency p50 / p95 (ms)";
  public static final String UPSTREAM_LATENCY_TITLE = "Upstream latency p50 / p95 (ms)";
  public static final String WAITS = "Waits (s)";
  public static final String UPSTREAM_ANSWERS = "Upstream answers";
  public static final String CALLER_ANSWERS = "Caller answers";
  public static final String EXECUTIONS = "State machine: failed and timed-out executions";
  public static final String STATES = "AWS/States";
  static final int PERIOD_SECONDS = 60;

  private Dashboard() {}

  /** The resource, or null when metrics are off. */
  public static ObjectNode resource(WorkflowSpec spec) {
    if (!spec.observability().metrics()) {
      return null;
    }
    ObjectNode r = CanonicalJson.object();
    r.put("Type", "AWS::CloudWatch::Dashboard");
    ObjectNode p = r.putObject("Properties");
    // Dashboards are global to the account: the region keeps one workflow's dashboards apart.
    p.set("DashboardName", Intrinsics.sub(spec.workflowName() + "-${AWS::Region}"));
    p.set("DashboardBody", Intrinsics.sub(body(spec)));
    return r;
  }

  /**
   * The body as JSON text with {@code ${AWS::Region}} and {@code ${StateMachine}} (its ARN) left
   * for {@code Fn::Sub}.
   */
  public static String body(WorkflowSpec spec) {
    Widgets w = new Widgets(spec);
    boolean express = spec.workflowType() == WorkflowType.EXPRESS;
    ArrayNode m = w.add(SUCCESS_RATE, "Percent");
    successes(w, m, "s");
    if (express) {
      m.add(w.own(REQUESTS, "Sum", "r", false));
    } else {
      m.add(w.states("ExecutionsStarted", "Sum", "r", false));
    }
    m.add(expression("100*s/r", "success rate", "rate"));

    m = w.add(THROTTLE_RATE, "Percent");
    for (int i = 1; i <= spec.proxies(); i++) {
      m.add(w.perProxy(UPSTREAM_429, spec.proxyFunctionName(i), "Average", "t" + i));
      m.add(expression("100*t" + i, spec.proxyFunctionName(i), "rate" + i));
    }

    m = w.add(CALLS_PER_SUCCESS, "None");
    m.add(w.own(ATTEMPTS, "Sum", "a", false));
    successes(w, m, "s");
    m.add(expression("a/s", "attempts per success", "calls"));

    m = w.add(GATEWAY_LATENCY_TITLE, "Milliseconds");
    for (String p : List.of("p50", "p95")) {
      m.add(
          express
              ? w.own(GATEWAY_LATENCY, p, null, true)
              : w.states("ExecutionTime", p, null, true));
    }
    m = w.add(UPSTREAM_LATENCY_TITLE, "Milliseconds");
    m.add(w.own(UPSTREAM_LATENCY, "p50", null, true));
    m.add(w.own(UPSTREAM_LATENCY, "p95", null, true));

    m = w.add(WAITS, "Seconds");
    m.add(w.own(WAIT_SECONDS, "Average", null, true));
    m.add(w.own(WAIT_SECONDS, "Maximum", null, true));
    m.add(w.own(RETRY_AFTER_SECONDS, "Maximum", null, true));

    m = w.add(UPSTREAM_ANSWERS, "Count");
    for (String name :
        List.of(UPSTREAM_2XX, UPSTREAM_429, UPSTREAM_5XX, UPSTREAM_OTHER, UPSTREAM_NETWORK_ERROR)) {
      m.add(w.own(name, "Sum", null, true));
    }
    if (express) {
      m = w.add(CALLER_ANSWERS, "Count");
      for (String name : List.of(REQUESTS, SUCCEEDED, FAILED_4XX, FAILED_5XX)) {
        m.add(w.own(name, "Sum", null, true));
      }
    }
    m = w.add(EXECUTIONS, "Count");
    m.add(w.states("ExecutionsFailed", "Sum", null, true));
    m.add(w.states("ExecutionsTimedOut", "Sum", null, true));
    return CanonicalJson.compact(w.body);
  }

  /**
   * The workflow's successes, as id {@code id}: the orchestrator's, or (STANDARD) the executions'.
   */
  private static void successes(Widgets w, ArrayNode metrics, String id) {
    metrics.add(
        w.spec.workflowType() == WorkflowType.EXPRESS
            ? w.own(SUCCEEDED, "Sum", id, false)
            : w.states("ExecutionsSucceeded", "Sum", id, false));
  }

  private static ArrayNode expression(String expression, String label, String id) {
    ArrayNode row = CanonicalJson.array();
    row.addObject().put("expression", expression).put("label", label).put("id", id);
    return row;
  }

  /** The widgets, two per row, and how their metric rows are written. */
  private static final class Widgets {
    final WorkflowSpec spec;
    final ObjectNode body = CanonicalJson.object();
    final ArrayNode widgets = body.putArray("widgets");

    Widgets(WorkflowSpec spec) {
      this.spec = spec;
    }

    /** A new metric widget; returns its (empty) metrics. */
    ArrayNode add(String title, String unit) {
      int n = widgets.size();
      ObjectNode widget = widgets.addObject();
      widget
          .put("type", "metric")
          .put("x", (n % 2) * 12)
          .put("y", (n / 2) * 6)
          .put("width", 12)
          .put("height", 6);
      ObjectNode p = widget.putObject("properties");
      p.put("title", title)
          .put("region", "${AWS::Region}")
          .put("view", "timeSeries")
          .put("stacked", false)
          .put("period", PERIOD_SECONDS);
      p.putObject("yAxis").putObject("left").put("min", 0).put("label", unit);
      return p.putArray("metrics");
    }

    /** One of the functions' metrics, per [Workflow]. */
    ArrayNode own(String name, String stat, String id, boolean visible) {
      ArrayNode row =
          CanonicalJson.array()
              .add(spec.observability().namespace())
              .add(name)
              .add(WORKFLOW)
              .add(spec.workflowName());
      return options(row, stat, id, visible);
    }

    /** One of the proxies' metrics, per [Workflow, Proxy]. */
    ArrayNode perProxy(String name, String proxy, String stat, String id) {
      ArrayNode row =
          CanonicalJson.array()
              .add(spec.observability().namespace())
              .add(name)
              .add(WORKFLOW)
              .add(spec.workflowName())
              .add(PROXY)
              .add(proxy);
      return options(row, stat, id, false);
    }

    /** One of the state machine's own metrics. */
    ArrayNode states(String name, String stat, String id, boolean visible) {
      ArrayNode row =
          CanonicalJson.array()
              .add(STATES)
              .add(name)
              .add("StateMachineArn")
              .add("${" + TemplateGenerator.STATE_MACHINE + "}");
      return options(row, stat, id, visible);
    }

    private static ArrayNode options(ArrayNode row, String stat, String id, boolean visible) {
      ObjectNode o = row.addObject().put("stat", stat);
      if (id != null) {
        o.put("id", id);
      }
      if (!visible) {
        o.put("visible", false);
      }
      return row;
    }
  }
}
