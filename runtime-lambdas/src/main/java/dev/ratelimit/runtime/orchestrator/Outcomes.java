package dev.ratelimit.runtime.orchestrator;

import dev.ratelimit.runtime.proxy.HttpRules;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a finished execution (status, error, cause, output, as StartSyncExecution and DescribeExecution
 * report them) to the caller's HTTP response, following the workflow's contract (docs/architecture.md):
 * <ul>
 *   <li>SUCCEEDED: the output is the proxy's result ({@code $.last}) → its status, headers, body, base64 flag;</li>
 *   <li>FAILED {@code Upstream.<status>} → that status, body and content type from the cause JSON;</li>
 *   <li>FAILED {@code Upstream.Unreachable}, {@code Upstream.ResponseTooLarge}, {@code Proxy.Failed} → 502;</li>
 *   <li>TIMED_OUT or FAILED {@code States.Timeout} → 504;</li>
 *   <li>anything else → 500 with the Lambda request id.</li>
 * </ul>
 */
final class Outcomes {
    static final String ATTEMPTS_HEADER = "x-ratelimit-attempts";
    static final String EXECUTION_HEADER = "x-ratelimit-execution";
    static final String TRUNCATED_HEADER = "x-ratelimit-truncated";

    private static final Pattern UPSTREAM_STATUS = Pattern.compile("Upstream\\.([1-5][0-9][0-9])");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,63}");

    private Outcomes() {
    }

    /** The response and a short outcome word for the log. */
    record Mapped(FunctionUrlResponse response, String outcome) {
    }

    static Mapped map(String status, String error, String cause, String output, String requestId) {
        String s = status == null ? "" : status;
        switch (s) {
            case "SUCCEEDED":
                return succeeded(output, requestId);
            case "FAILED":
                return failed(error == null ? "" : error, cause, requestId);
            case "TIMED_OUT":
                return new Mapped(error(504, "WorkflowTimedOut", "the workflow did not finish in time", requestId),
                        "timeout");
            default:
                return new Mapped(error(500, "WorkflowEnded", "the workflow ended with status "
                        + (s.matches("[A-Z_]{1,32}") ? s : "?"), requestId), "internal");
        }
    }

    private static Mapped succeeded(String output, String requestId) {
        Map<String, Object> r = MiniJson.parseObject(output);
        Object code = r == null ? null : r.get("statusCode");
        if (!(code instanceof Long) || (Long) code < 100 || (Long) code > 599 || !(r.get("body") instanceof String
                || r.get("body") == null)) {
            return new Mapped(error(500, "InvalidWorkflowOutput", "the workflow's output is not a proxy result",
                    requestId), "internal");
        }
        Map<String, String> headers = new TreeMap<>();
        if (r.get("headers") instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) r.get("headers")).entrySet()) {
                String name = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
                if (e.getValue() instanceof String && passesBack(name)) {
                    headers.put(name, (String) e.getValue());
                }
            }
        }
        String body = r.get("body") == null ? "" : (String) r.get("body");
        boolean base64 = Boolean.TRUE.equals(r.get("isBase64Encoded"));
        FunctionUrlResponse resp = new FunctionUrlResponse(((Long) code).intValue(), headers, body, base64);
        attempts(resp, r.get("attempt"));
        return new Mapped(resp, "succeeded");
    }

    private static Mapped failed(String error, String cause, String requestId) {
        Map<String, Object> c = MiniJson.parseObject(cause);
        Matcher m = UPSTREAM_STATUS.matcher(error);
        if (m.matches()) {
            int status = Integer.parseInt(m.group(1));
            FunctionUrlResponse resp;
            if (c == null) {
                resp = error(status, "UpstreamError", "the vendor API answered " + status, requestId);
            } else {
                String contentType = c.get("contentType") instanceof String ? (String) c.get("contentType") : null;
                String body = c.get("body") instanceof String ? (String) c.get("body") : "";
                // The cause carries the body as the proxy carried it: text, or base64 for anything not text.
                // An explicit flag wins when the workflow provides one.
                boolean base64 = c.get("isBase64Encoded") instanceof Boolean ? (Boolean) c.get("isBase64Encoded")
                        : !body.isEmpty() && !HttpRules.isText(contentType, null);
                if (base64) {
                    body = body.substring(0, body.length() - body.length() % 4); // a cut may split a quad
                }
                Map<String, String> headers = new TreeMap<>();
                if (contentType != null && !contentType.isBlank()) {
                    headers.put("content-type", contentType);
                }
                if (Boolean.TRUE.equals(c.get("truncated"))) {
                    headers.put(TRUNCATED_HEADER, "true");
                }
                resp = new FunctionUrlResponse(status, headers, body, base64);
            }
            attempts(resp, c == null ? null : c.get("attempt"));
            return new Mapped(resp, "upstream-error");
        }
        switch (error) {
            case "Upstream.Unreachable":
            case "Upstream.ResponseTooLarge":
            case "Proxy.Failed": {
                String message = error.equals("Upstream.Unreachable") ? "the vendor API could not be reached"
                        : error.equals("Proxy.Failed") ? "the proxy failed"
                        : "the vendor API's answer was too large to carry";
                Map<String, Object> body = errorFields(error, message, requestId);
                // The proxy's own short code (ConnectFailed, Timeout, ...); never a cause's free text.
                if (!error.equals("Proxy.Failed") && c != null && c.get("error") instanceof String
                        && ERROR_CODE.matcher((String) c.get("error")).matches()) {
                    body.put("detail", c.get("error"));
                }
                FunctionUrlResponse resp = FunctionUrlResponse.json(502, MiniJson.write(body));
                attempts(resp, c == null ? null : c.get("attempt"));
                return new Mapped(resp, "bad-gateway");
            }
            case "States.Timeout":
                return new Mapped(error(504, "WorkflowTimedOut", "the workflow did not finish in time", requestId),
                        "timeout");
            default:
                return new Mapped(error(500, "WorkflowFailed", "the workflow failed with "
                        + (ERROR_CODE.matcher(error).matches() ? error : "an unexpected error"), requestId),
                        "internal");
        }
    }

    /** Upstream headers the caller gets back: not hop-by-hop, not the length (Lambda sets it), not ours. */
    private static boolean passesBack(String name) {
        return !HttpRules.HOP_BY_HOP.contains(name) && !name.equals("content-length")
                && !name.startsWith("x-ratelimit-") && !name.isEmpty() && !name.startsWith(":");
    }

    /** Sets {@code x-ratelimit-attempts} when the workflow reported the attempt that ended it. */
    private static void attempts(FunctionUrlResponse resp, Object attempt) {
        if (attempt instanceof Long && (Long) attempt >= 1 && (Long) attempt <= 1000) {
            resp.getHeaders().put(ATTEMPTS_HEADER, String.valueOf(attempt));
        }
    }

    static Map<String, Object> errorFields(String code, String message, String requestId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", code);
        m.put("message", message);
        m.put("requestId", requestId == null ? "" : requestId);
        return m;
    }

    /** A JSON error response {@code {"error","message","requestId"}}. */
    static FunctionUrlResponse error(int status, String code, String message, String requestId) {
        return FunctionUrlResponse.json(status, MiniJson.write(errorFields(code, message, requestId)));
    }
}
