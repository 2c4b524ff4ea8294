import dev.ratelimit.asl.CanonicalJson;
import dev.ratelimit.asl.StateMachineGenerator;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.simulate.Simulation;
import dev.ratelimit.simulate.SimulationRun;
import dev.ratelimit.simulate.SimulationSettings;
import dev.ratelimit.simulate.SimulationSummary;
import java.time.Duration;
import java.util.Locale;

/**
 * Goodput against the physical limit: for each K, offered load (x K*R) and policy, one open-loop
 * simulation in this JVM against the mock; prints one Markdown table row per cell as it finishes.
 * Usage: Goodput <R> <requests> <Ks, e.g. 1,3,5> <loads, e.g. 0.5,0.9,1.5> <policies, e.g. defaults,immediate,seed,single> [egress, e.g. STATIC_IPS,SHARED]
 * STATIC_IPS gives each proxy its own source address; SHARED puts them behind the simulation's
 * default of one shared address.
 */
public final class Goodput {
  public static void main(String[] args) throws Exception {
    int r = Integer.parseInt(args[0]);
    int requests = Integer.parseInt(args[1]);
    String[] ks = args[2].split(",");
    String[] loads = args[3].split(",");
    String[] policies = args[4].split(",");
    String[] egresses = (args.length > 5 ? args[5] : "STATIC_IPS,SHARED").split(",");
    System.out.println("| K | load × K·R | offered /s | policy | success | calls / success | p50 | p95 | wall |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String kText : ks) {
      int k = Integer.parseInt(kText);
      for (String loadText : loads) {
        double load = Double.parseDouble(loadText);
        double rate = load * k * r;
        for (String policy : policies) {
          for (String egress : egresses) {
            WorkflowSpec spec = spec(policy, k, egress);
            String asl = CanonicalJson.pretty(new StateMachineGenerator().generate(spec));
            if (policy.equals("seed")) {
              // pin the start proxy: the route's start draw becomes MathRandom(0, 1), always proxy 1
              String draw = "States.MathRandom(0, " + spec.proxies() + ")";
              if (!asl.contains(draw)) {
                throw new IllegalStateException("no " + draw + " in the generated workflow");
              }
              asl = asl.replace(draw, "States.MathRandom(0, 1)");
            }
            Simulation.Settings settings = new Simulation.Settings(requests, 256, r, r,
                SimulationSettings.DEFAULT_ERROR_RATE, SimulationSettings.DEFAULT_LATENCY_MILLIS,
                0, 0, SimulationSettings.DEFAULT_SEED, null, rate);
            SimulationRun run = new Simulation(spec, asl, settings).run(Simulation.Progress.NONE);
            SimulationSummary s = SimulationSummary.of(run);
            System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %s | %.1f %% | %.2f | %s | %s | %s |%n",
                k, loadText, rate, label(policy, spec), 100.0 * s.succeeded() / s.requests(),
                s.callsPerSuccess(), fmt(s.p50()), fmt(s.p95()), fmt(s.wallTime()));
            System.out.flush();
          }
        }
      }
    }
  }

  /** EXPRESS, the default: any proxies and maxAttempts fit it (the deadline cuts late attempts). */
  static WorkflowSpec spec(String policy, int k, String egress) {
    return spec(policy, k, egress, "EXPRESS");
  }

  static WorkflowSpec spec(String policy, int k, String egress, String type) {
    WorkflowSpec.Builder b = WorkflowSpec.builder().workflowName("goodput")
        .targetUrl("https://api.vendor.example/v1").workflowType(type).egress(egress);
    return switch (policy) {
      case "defaults" -> b.proxies(k).build();
      case "immediate" -> b.proxies(k).backoffInitialDelaySeconds(0).honorRetryAfter(false).build();
      case "seed" -> b.proxies(k).maxAttempts(Math.max(3, k)).retryOn("400-599").backoffInitialDelaySeconds(5)
          .backoffMultiplier(1.0).backoffMaxDelaySeconds(5).backoffJitter("NONE")
          .honorRetryAfter(false).build();
      case "single" -> b.proxies(1).maxAttempts(3).build(); // 3 = the default max(3, proxies) for 1 proxy
      default -> throw new IllegalArgumentException("policy: " + policy);
    };
  }

  static String label(String policy, WorkflowSpec spec) {
    return switch (policy) {
      case "defaults" -> "our defaults";
      case "immediate" -> "immediate hopping";
      case "seed" -> "seed's policy";
      default -> "single proxy, backoff";
    } + " (" + spec.proxies() + "p, " + spec.maxAttempts() + " att."
        + (spec.workflowType().toString().equals("STANDARD") ? ", STANDARD" : "")
        + (spec.egress().mode().toString().equals("SHARED") ? ", SHARED egress: 1 address" : "")
        + ")";
  }

  static String fmt(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
  }
}
