package dev.ratelimit.runtime.orchestrator;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.proxy.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Shared test helpers: events through the Lambda runtime's own serializer, a context,
 * configuration.
 */
final class Support {
  static final String STATE_MACHINE_ARN =
      "arn:aws:states:us-east-1:123456789012:stateMachine:vendor-gateway";
  static final String LAMBDA_REQUEST_ID = "lambda-req-1";

  private Support() {}

  /** A Function URL event from a fixture, deserialized as the Lambda Java runtime would. */
  static FunctionUrlEvent fixture(String name) {
    try (InputStream in = Support.class.getResourceAsStream("/orchestrator/events/" + name)) {
      return fromJson(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FunctionUrlEvent fromJson(byte[] json) {
    PojoSerializer<FunctionUrlEvent> s =
        JacksonFactory.getInstance().getSerializer(FunctionUrlEvent.class);
    return s.fromJson(new ByteArrayInputStream(json));
  }

  /** The response as the Lambda Java runtime would serialize it, parsed back. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> serialized(FunctionUrlResponse r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JacksonFactory.getInstance().getSerializer(FunctionUrlResponse.class).toJson(r, out);
    return (Map<String, Object>) parse(out.toString(StandardCharsets.UTF_8));
  }

  /** A minimal event. */
  static FunctionUrlEvent event(
      String method,
      String rawPath,
      String query,
      Map<String, String> headers,
      String body,
      boolean base64,
      String requestId) {
    FunctionUrlEvent e = new FunctionUrlEvent();
    e.setVersion("2.0");
    e.setRawPath(rawPath);
    e.setRawQueryString(query);
    e.setHeaders(headers);
    e.setBody(body);
    e.setIsBase64Encoded(base64);
    FunctionUrlEvent.RequestContext rc = new FunctionUrlEvent.RequestContext();
    rc.setRequestId(requestId);
    FunctionUrlEvent.Http http = new FunctionUrlEvent.Http();
    http.setMethod(method);
    http.setPath(rawPath);
    rc.setHttp(http);
    e.setRequestContext(rc);
    return e;
  }

  static FunctionUrlEvent get(String rawPath) {
    return event("GET", rawPath, "", Map.of(), null, false, "req-" + Math.abs(rawPath.hashCode()));
  }

  static OrchestratorConfig config(String type, String... more) {
    Map<String, String> env = new HashMap<>();
    env.put(EnvironmentNames.STATE_MACHINE_ARN, STATE_MACHINE_ARN);
    env.put(EnvironmentNames.WORKFLOW_TYPE, type);
    env.put(EnvironmentNames.AWS_REGION, "us-east-1");
    env.put(EnvironmentNames.WORKFLOW_TIMEOUT_SECONDS, "60");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return OrchestratorConfig.fromEnvironment(env);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String text) {
    return (Map<String, Object>) parse(text);
  }

  /**
   * A whole JSON text as plain Java values (Map in document order, List, String, Long or Double,
   * Boolean, null), parsed with the SDK's parser; throws on invalid JSON.
   */
  static Object parse(String text) {
    return plain(JsonNode.parser().parse(text));
  }

  private static Object plain(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.asObject().forEach((k, v) -> m.put(k, plain(v)));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.asArray().forEach(v -> l.add(plain(v)));
      return l;
    }
    if (n.isString()) {
      return n.asString();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isNumber()) {
      String num = n.asNumber();
      return num.matches("-?[0-9]+")
          ? (Object) Long.parseLong(num)
          : (Object) Double.parseDouble(num);
    }
    return null;
  }

  /** A Lambda context that keeps the log lines, with this suite's request id. */
  static TestContext context() {
    return new TestContext(60_000, LAMBDA_REQUEST_ID, "test-orchestrator");
  }

  static HashMap<String, String> headers(String... kv) {
    HashMap<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
