package dev.ratelimit.runtime.proxy;

import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs inside a class loader over the proxy's deployment jar, aws-lambda-java-core (which Lambda's
 * runtime provides) and this class only, as ProxyJarIT sets it up: the SnapStart hooks through the
 * org.crac classes the jar ships, then a request of each kind the proxy answers.
 */
public final class ProxyJarProbe {
  private ProxyJarProbe() {}

  /** One line per step: what the handler answered. */
  public static String run(String target, String refusedTarget) throws Exception {
    StringBuilder out = new StringBuilder();
    // What the Lambda runtime does with a Class::method handler: every public method, then the
    // public no-argument constructor (which resolves the parameter types of every public
    // constructor): none may name a class the jar leaves out.
    out.append("methods=")
        .append(ProxyHandler.class.getMethods().length > 0)
        .append(" constructor=")
        .append(ProxyHandler.class.getConstructor().getParameterCount())
        .append('\n');
    ProxyHandler handler = handler(target);
    Core.getGlobalContext().register(handler); // what the Lambda constructor does
    Resource hooks = handler;
    hooks.beforeCheckpoint(null);
    hooks.afterRestore(null);
    out.append("primed=").append(handler.prime().getStatusCode()).append('\n');
    for (String path : new String[] {"/ok", "/limited", "/unavailable", "/big"}) {
      out.append(path).append(' ').append(describe(handler.handle(get(path)))).append('\n');
    }
    out.append("refused ").append(describe(handler(refusedTarget).handle(get("/x"))));
    return out.toString();
  }

  private static ProxyHandler handler(String target) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvironmentNames.TARGET_URL, target);
    env.put(EnvironmentNames.MAX_RESPONSE_BYTES, "1024");
    env.put(EnvironmentNames.BACKOFF_JITTER, "NONE"); // waits exact: 1 s after a first attempt
    return new ProxyHandler(ProxyConfig.fromEnvironment(env));
  }

  private static ProxyRequest get(String path) {
    return new ProxyRequest(
        new HttpRequestData("GET", path, "", new LinkedHashMap<>(), "", false), 1);
  }

  private static String describe(ProxyResult r) {
    return "status="
        + r.getStatusCode()
        + " error="
        + r.getError()
        + " wait="
        + r.getWaitSeconds()
        + " cause="
        + !r.getCause().isEmpty();
  }
}
