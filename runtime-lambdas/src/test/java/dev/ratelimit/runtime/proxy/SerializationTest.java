package dev.ratelimit.runtime.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import dev.ratelimit.runtime.contract.ProxyError;
import dev.ratelimit.runtime.contract.ResultFields;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the Lambda Java runtime's own serializer makes of the proxy's types: exactly what the ASL
 * sees.
 */
@ExtendWith(VendorStub.class)
class SerializationTest {
  static final List<String> RESULT_FIELDS =
      List.of("statusCode", "headers", "body", "isBase64Encoded", "waitSeconds", "error", "cause");

  /** The cause's fields, in order (docs/architecture.md, "The proxy result"). */
  static final List<String> CAUSE_FIELDS =
      List.of("status", "error", "contentType", "isBase64Encoded", "body", "truncated", "attempt");

  static byte[] serialize(ProxyResult r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JacksonFactory.getInstance().getSerializer(ProxyResult.class).toJson(r, out);
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(byte[] json) {
    @SuppressWarnings("rawtypes")
    PojoSerializer<Map> s = JacksonFactory.getInstance().getSerializer(Map.class);
    return s.fromJson(new ByteArrayInputStream(json));
  }

  /**
   * The contract's field list is what the workflow's ResultSelector copies (and the orchestrator
   * reads): it must name exactly the properties the runtime's serializer writes.
   */
  @Test
  void theContractNamesEveryResultField() {
    assertThat(parse(serialize(new ProxyResult())).keySet())
        .containsExactlyInAnyOrderElementsOf(ResultFields.PROXY_FIELDS);
    assertThat(ResultFields.PROXY_FIELDS).containsExactlyInAnyOrderElementsOf(RESULT_FIELDS);
  }

  @Test
  @SuppressWarnings("unchecked")
  void successResultHasEveryField() {
    ProxyHandlerTest.wm.stubFor(
        get("/base/ok")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"a\":1}")));

    Map<String, Object> json =
        parse(serialize(ProxyHandlerTest.handler().handle(ProxyHandlerTest.req("GET", "/ok"))));

    assertThat(json.keySet()).containsExactlyInAnyOrderElementsOf(RESULT_FIELDS);
    assertThat(json)
        .containsEntry("statusCode", 200)
        .containsEntry("body", "{\"a\":1}")
        .containsEntry("isBase64Encoded", false)
        .containsEntry("waitSeconds", 0)
        .containsEntry("error", "")
        .containsEntry("cause", "");
    assertThat((Map<String, Object>) json.get("headers"))
        .containsEntry("content-type", "application/json");
  }

  @Test
  void errorResultHasEveryField() {
    ProxyResult r =
        ProxyHandlerTest.handlerFor("http://127.0.0.1:1").handle(ProxyHandlerTest.req("GET", "/x"));

    Map<String, Object> json = parse(serialize(r));

    assertThat(json.keySet()).containsExactlyInAnyOrderElementsOf(RESULT_FIELDS);
    assertThat(json)
        .containsEntry("statusCode", 0)
        .containsEntry("error", "ConnectFailed")
        .containsEntry("body", "")
        .containsEntry("headers", Map.of());
    assertThat((String) json.get("cause")).contains("\"error\":\"ConnectFailed\"");
  }

  @Test
  void nullsNeverReachTheSerializer() {
    ProxyResult r = new ProxyResult();
    r.setHeaders(null);
    r.setBody(null);
    r.setError(null);
    r.setCause(null);

    assertThat(parse(serialize(r)).keySet()).containsExactlyInAnyOrderElementsOf(RESULT_FIELDS);
  }

  @Test
  void payloadDeserializesWithEveryField() {
    String payload =
        "{\"request\":{\"method\":\"POST\",\"path\":\"/v1/x\",\"query\":\"a=1\","
            + "\"headers\":{\"content-type\":\"application/json\"},\"body\":\"eyJ9\",\"isBase64Encoded\":true},"
            + "\"attempt\":2}";

    ProxyRequest in =
        JacksonFactory.getInstance()
            .getSerializer(ProxyRequest.class)
            .fromJson(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));

    assertThat(in.getAttempt()).isEqualTo(2);
    HttpRequestData r = in.getRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/v1/x");
    assertThat(r.getQuery()).isEqualTo("a=1");
    assertThat(r.getHeaders()).containsExactly(Map.entry("content-type", "application/json"));
    assertThat(r.getBody()).isEqualTo("eyJ9");
    assertThat(r.getIsBase64Encoded()).isTrue();
  }

  @Test
  void requestSerializesWithTheWorkflowsFieldNames() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JacksonFactory.getInstance()
        .getSerializer(ProxyRequest.class)
        .toJson(new ProxyRequest(new HttpRequestData("GET", "/a", "", Map.of(), "", true), 1), out);

    @SuppressWarnings("unchecked")
    Map<String, Object> request = (Map<String, Object>) parse(out.toByteArray()).get("request");
    assertThat(request.keySet())
        .containsExactlyInAnyOrder("method", "path", "query", "headers", "body", "isBase64Encoded");
  }

  /**
   * Bodies of every kind, with sizes swept across the cap: the real serialized result never exceeds
   * the cap, never exceeds the estimate, and the sweep sees both sides of the limit.
   */
  @Test
  void resultsNearTheCapNeverExceedIt() {
    Map<String, byte[]> kinds = new LinkedHashMap<>();
    kinds.put("text/plain", "abcdefghij".getBytes(StandardCharsets.UTF_8));
    kinds.put(
        "application/json", "{\"q\":\"\\\\\"}\n\t".getBytes(StandardCharsets.UTF_8)); // escapes
    kinds.put(
        "text/html; charset=utf-8", "\u00e9\u4e2d\ud83d\ude00<".getBytes(StandardCharsets.UTF_8));
    kinds.put("text/csv", new byte[] {0, 1, 0x1f, 0x7f, 'a'}); // controls
    kinds.put("application/octet-stream", new byte[] {(byte) 0xff, 0, 17, (byte) 0x80, 3});

    for (int cap : new int[] {1024, 5000, 200_000}) {
      ProxyHandler h =
          ProxyHandlerTest.handler(EnvironmentNames.MAX_RESPONSE_BYTES, String.valueOf(cap));
      for (Map.Entry<String, byte[]> kind : kinds.entrySet()) {
        for (int status : new int[] {200, 503}) {
          List<String> outcomes = new ArrayList<>();
          for (int pct = 10; pct <= 120; pct += 5) {
            byte[] body = repeat(kind.getValue(), cap * pct / 100);
            ProxyHandlerTest.wm.stubFor(
                get("/base/s")
                    .willReturn(
                        aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", kind.getKey())
                            .withHeader("X-Pad", "\"q\"")
                            .withBody(body)));

            ProxyResult r = h.handle(ProxyHandlerTest.req("GET", "/s"));
            byte[] json = serialize(r);

            String what = kind.getKey() + " " + status + " " + body.length + "/" + cap;
            assertThat(r.getStatusCode()).as(what).isEqualTo(status);
            assertThat(json.length).as(what).isLessThanOrEqualTo(cap);
            assertThat(ProxyResult.resultSize(r)).as(what).isGreaterThanOrEqualTo(json.length);
            assertThat(r.getCause().length())
                .as(what)
                .isLessThanOrEqualTo(ProxyResult.MAX_CAUSE_CHARS);
            if (r.getError().isEmpty()) {
              byte[] back =
                  r.getIsBase64Encoded()
                      ? Base64.getDecoder().decode(r.getBody())
                      : r.getBody().getBytes(StandardCharsets.UTF_8);
              assertThat(back).as(what).isEqualTo(body);
            }
            if (!r.getCause().isEmpty()) {
              Map<String, Object> cause = parse(r.getCause().getBytes(StandardCharsets.US_ASCII));
              assertThat(cause.keySet()).as(what).containsExactlyElementsOf(CAUSE_FIELDS);
              assertThat(cause)
                  .as(what)
                  .containsEntry("status", status)
                  .containsEntry("attempt", 1);
              String causeBody = (String) cause.get("body");
              boolean causeBase64 = (Boolean) cause.get("isBase64Encoded");
              if (kind.getKey().equals("application/octet-stream")) {
                assertThat(causeBase64).as(what).isTrue();
              }
              if (causeBase64) { // a prefix of the bytes, whole quads
                byte[] prefix =
                    Base64.getDecoder()
                        .decode(
                            causeBody.substring(0, causeBody.length() - causeBody.length() % 4));
                assertThat(prefix).as(what).isEqualTo(Arrays.copyOf(body, prefix.length));
              }
              if (r.getError().isEmpty() && Boolean.FALSE.equals(cause.get("truncated"))) {
                // the whole body, in the same form as the result's (text stays text: e.g. cut
                // UTF-8 that does not decode is base64 in both)
                assertThat(causeBody).as(what).isEqualTo(r.getBody());
                assertThat(causeBase64).as(what).isEqualTo(r.getIsBase64Encoded());
              }
            }
            outcomes.add(r.getError());
          }
          assertThat(outcomes)
              .as(kind.getKey() + " " + status + " " + cap)
              .contains("", ProxyError.RESPONSE_TOO_LARGE);
        }
      }
    }
  }

  /**
   * The cause's two bounds are exact whatever the attempt number and body: the body is cut at the
   * last whole character (or pair) that still fits 32,000 characters and the serialized budget.
   */
  @Test
  void causeBoundsAreExact() {
    Map<String, String> units = new LinkedHashMap<>();
    units.put("ascii", "a");
    units.put(
        "quotes",
        "\"\\"); // 2 characters escaped twice: once in the cause, once more when serialized
    units.put("latin", "\u00e9"); // a six-character escape
    units.put("emoji", "\ud83d\ude00"); // a pair, never split
    for (int attempt : new int[] {1, 9, 10, 999, Integer.MAX_VALUE}) {
      for (Map.Entry<String, String> unit : units.entrySet()) {
        String body = unit.getValue().repeat(40_000);
        String what = unit.getKey() + " attempt " + attempt;

        // Unbounded budget: the character cap cuts; what is left over is less than one escaped unit
        // (at most
        // 12 characters, a pair) plus the one character reserved for "false" over "true".
        String c =
            ProxyResult.cause(503, "", "text/plain", false, body, false, attempt, Long.MAX_VALUE);
        assertThat(c.length())
            .as(what)
            .isLessThanOrEqualTo(ProxyResult.MAX_CAUSE_CHARS)
            .isGreaterThanOrEqualTo(ProxyResult.MAX_CAUSE_CHARS - 12);
        assertThat(c).as(what).endsWith("\",\"truncated\":true,\"attempt\":" + attempt + "}");
        if (unit.getKey()
            .equals("ascii")) { // room is kept for "false"; the cut writes "true", one less
          assertThat(c).as(what).hasSize(ProxyResult.MAX_CAUSE_CHARS - 1);
        }
        assertThat(parse(c.getBytes(StandardCharsets.US_ASCII)).keySet())
            .as(what)
            .containsExactlyElementsOf(CAUSE_FIELDS);

        // A serialized budget: the real serializer's bytes for the cause stay within it, by less
        // than a unit
        // (at most 14 bytes, a pair) plus the reserved byte.
        for (long budget : new long[] {2_000, 2_001, 2_002, 2_003, 20_000}) {
          String b =
              ProxyResult.cause(503, "Timeout", "text/plain", true, body, false, attempt, budget);
          long size = serializedCauseSize(b);
          assertThat(size)
              .as(what + " budget " + budget)
              .isLessThanOrEqualTo(budget)
              .isGreaterThanOrEqualTo(budget - 14);
          if (unit.getKey().equals("ascii")) {
            assertThat(size).as(what + " budget " + budget).isEqualTo(budget - 1);
          }
        }

        // The smallest budget for an empty body (with room for "false") gives the empty, cut body;
        // one
        // byte less fits nothing.
        String empty =
            ProxyResult.cause(503, "", "text/plain", false, "", false, attempt, Long.MAX_VALUE);
        long least = serializedCauseSize(empty);
        assertThat(ProxyResult.cause(503, "", "text/plain", false, body, false, attempt, least))
            .as(what)
            .isEqualTo(empty.replace("\"truncated\":false", "\"truncated\":true"));
        assertThat(ProxyResult.cause(503, "", "text/plain", false, body, false, attempt, least - 1))
            .as(what)
            .isNull();
      }
    }
  }

  /**
   * The bytes the Lambda serializer writes for {@code cause} as a result field, quotes excluded.
   */
  private static long serializedCauseSize(String cause) {
    ProxyResult r = new ProxyResult(0, null, "", false, 0, "", "");
    long without = serialize(r).length;
    r.setCause(cause);
    return serialize(r).length - without;
  }

  @Test
  void estimateIsExactForPlainAscii() {
    ProxyResult r =
        new ProxyResult(
            503,
            new LinkedHashMap<>(Map.of("a", "b", "content-type", "text/plain")),
            "plain body",
            false,
            12,
            "",
            "{\"status\":503}");

    assertThat(ProxyResult.resultSize(r)).isEqualTo(serialize(r).length);
  }

  private static byte[] repeat(byte[] unit, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = unit[i % unit.length];
    }
    return out;
  }
}
