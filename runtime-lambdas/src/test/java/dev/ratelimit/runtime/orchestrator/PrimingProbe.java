package dev.ratelimit.runtime.orchestrator;

import java.net.URI;

/**
 * Run in a fresh JVM by {@link SnapStartPrimingTest} with the metrics variables set, as Lambda sets
 * them: the orchestrator's priming, then its answer's status on the last line.
 */
public final class PrimingProbe {
  private PrimingProbe() {}

  public static void main(String[] args) throws Exception {
    OrchestratorHandler handler =
        new OrchestratorHandler(Support.config("EXPRESS"), URI.create("http://127.0.0.1:9"));
    System.out.println("primed=" + handler.prime().getStatusCode());
  }
}
