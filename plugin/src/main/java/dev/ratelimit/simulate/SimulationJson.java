package dev.ratelimit.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.asl.local.HistoryEvent;
import java.util.Map;

/**
 * A {@link SimulationRun} as JSON, fields in a fixed order: {@code workflowName}, {@code settings},
 * {@code started}, {@code finished}, {@code durationMillis}, {@code summary} (the console line's
 * numbers), {@code requests} (each with its execution and history). Instants are ISO-8601 text,
 * durations milliseconds; absent values are left out.
 */
public final class SimulationJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SimulationJson() {}

  public static String write(SimulationRun run) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("workflowName", run.workflowName());
    ObjectNode settings = root.putObject("settings");
    run.settings().forEach(settings::put);
    root.put("started", run.started().toString());
    root.put("finished", run.finished().toString());
    root.put("durationMillis", run.duration().toMillis());
    SimulationSummary s = SimulationSummary.of(run);
    ObjectNode summary = root.putObject("summary");
    summary.put("line", s.toString());
    summary.put("requests", s.requests());
    summary.put("succeeded", s.succeeded());
    ObjectNode failed = summary.putObject("failedByStatus");
    for (Map.Entry<Integer, Integer> e : s.failedByStatus().entrySet()) {
      failed.put(String.valueOf(e.getKey()), e.getValue());
    }
    summary.put("upstreamCalls", s.upstreamCalls());
    if (s.succeeded() > 0) {
      summary.put("callsPerSuccess", Math.round(s.callsPerSuccess() * 1000) / 1000.0);
    }
    summary.put("p50Millis", s.p50().toMillis());
    summary.put("p95Millis", s.p95().toMillis());
    summary.put("maxMillis", s.max().toMillis());
    summary.put("waitedMillis", s.waited().toMillis());
    ArrayNode requests = root.putArray("requests");
    for (RequestRecord r : run.requests()) {
      ObjectNode req = requests.addObject();
      req.put("index", r.index());
      req.put("submitted", r.submitted().toString());
      req.put("httpStatus", r.httpStatus());
      ObjectNode response = req.putObject("response");
      response.put("status", r.answer().status());
      ObjectNode headers = response.putObject("headers");
      r.answer().headers().forEach(headers::put);
      response.put("body", r.answer().body());
      response.put("isBase64Encoded", r.answer().isBase64Encoded());
      ExecutionResult e = r.execution();
      req.put("status", e.status().name());
      putIfPresent(req, "error", e.error());
      putIfPresent(req, "cause", e.cause());
      req.put("started", e.started().toString());
      req.put("stopped", e.stopped().toString());
      req.put("durationMillis", e.duration().toMillis());
      req.put("lambdaCalls", e.lambdaCalls());
      ArrayNode events = req.putArray("events");
      for (HistoryEvent h : e.events()) {
        ObjectNode ev = events.addObject();
        ev.put("timestamp", h.timestamp().toString());
        ev.put("type", h.type().name());
        putIfPresent(ev, "state", h.state());
        putIfPresent(ev, "stateType", h.stateType());
        putIfPresent(ev, "function", h.function());
        if (h.waitTime() != null) {
          ev.put("waitMillis", h.waitTime().toMillis());
        }
        putIfPresent(ev, "error", h.error());
        putIfPresent(ev, "cause", h.cause());
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
