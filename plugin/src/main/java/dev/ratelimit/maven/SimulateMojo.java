package dev.ratelimit.maven;

import dev.ratelimit.asl.local.UnsupportedDefinitionException;
import dev.ratelimit.diagram.WorkflowSvg;
import dev.ratelimit.generate.GeneratedFile;
import dev.ratelimit.model.InvalidConfigurationException;
import dev.ratelimit.model.WorkflowSpec;
import dev.ratelimit.report.SimulationReport;
import dev.ratelimit.simulate.Simulation;
import dev.ratelimit.simulate.Simulation.Settings;
import dev.ratelimit.simulate.SimulationJson;
import dev.ratelimit.simulate.SimulationRun;
import dev.ratelimit.simulate.SimulationSettings;
import dev.ratelimit.simulate.SimulationSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the generated workflow on this machine against a local rate-limited mock vendor API, in real
 * time, and reports what happened. It generates the gateway (the same files as {@code generate}),
 * reads the {@code .asl.json} back and executes it with the local executor; every Task state calls
 * the real proxy handler with the configuration its Lambda gets from the template. The mock limits
 * each source address with a token bucket and answers 429 with {@code Retry-After}; proxy k's
 * connections leave from 127.0.0.(k+1), so the mock sees the proxies as separate callers. Needs no
 * AWS account and no network beyond the loopback interface.
 *
 * <p>Prints a progress line every 10 % and one summary line, e.g. {@code Simulation: 200 requests:
 * 199 succeeded, 1 failed (429: 1); 245 upstream calls, 1.23 per success; latency p50 36 ms, p95
 * 1.08 s, max 2.09 s; waited 40.00 s in all; took 6.71 s}, and writes the run as JSON to {@code
 * <outputDirectory>/<workflowName>-simulation.json}.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.ratelimit</groupId>
 *   <artifactId>ratelimit-maven-plugin</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 *   <configuration>
 *     <workflowName>vendor-gateway</workflowName>
 *     <targetUrl>https://api.vendor.example/v1</targetUrl>
 *     <proxies>3</proxies>
 *     <simulation>
 *       <requests>200</requests>
 *       <concurrency>8</concurrency>
 *       <ratePerSecondPerSource>10</ratePerSecondPerSource>
 *       <burst>10</burst>
 *       <errorRate>0.02</errorRate>
 *     </simulation>
 *   </configuration>
 * </plugin>
 * }</pre>
 *
 * Run with {@code mvn ratelimit:simulate}; {@code -Dratelimit.simulation.requests=500} and the like
 * override single fields. A gateway with {@code apiKeySecretArn} cannot be simulated (its proxies
 * would read the key from AWS Secrets Manager).
 */
@Mojo(name = "simulate", threadSafe = true)
public class SimulateMojo extends AbstractRatelimitMojo {

  /**
   * The load and the mock: {@code <requests>} (default {@value
   * SimulationSettings#DEFAULT_REQUESTS}), {@code <concurrency>} ({@value
   * SimulationSettings#DEFAULT_CONCURRENCY}), {@code <ratePerSecondPerSource>} ({@value
   * SimulationSettings#DEFAULT_RATE}), {@code <burst>} ({@value SimulationSettings#DEFAULT_BURST}),
   * {@code <errorRate>} ({@value SimulationSettings#DEFAULT_ERROR_RATE}), {@code <latencyMillis>}
   * ({@value SimulationSettings#DEFAULT_LATENCY_MILLIS}), {@code <resetRate>} (0), {@code
   * <oversizedRate>} (0), {@code <seed>} ({@value SimulationSettings#DEFAULT_SEED}), {@code
   * <targetUrl>} (none: the mock), {@code <arrivalRatePerSecond>} (none: closed loop) and {@code
   * <sharedAddresses>} ({@value Simulation#DEFAULT_SHARED_ADDRESSES}). Each field is also a user
   * property, e.g. {@code -Dratelimit.simulation.requests=500}.
   */
  @Parameter protected SimulationSettings simulation;

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    WorkflowSpec spec = workflowSpec();
    if (spec.hasApiKey()) {
      throw new MojoFailureException(
          "Cannot simulate "
              + spec.workflowName()
              + ": it reads the vendor key from AWS Secrets Manager (apiKeySecretArn), which a local run"
              + " cannot reach. Simulate it without apiKeySecretArn and apiKeyHeader, e.g."
              + " -Dratelimit.apiKeySecretArn= -Dratelimit.apiKeyHeader= (the mock needs no key).");
    }
    Settings settings = simulationSettings();
    List<GeneratedFile> files = writeGateway(spec);
    String aslName = spec.workflowName() + ".asl.json";
    String asl =
        files.stream()
            .filter(f -> f.name().equals(aslName))
            .findFirst()
            .map(f -> new String(f.content(), StandardCharsets.UTF_8))
            .orElseThrow(() -> new MojoExecutionException("generate wrote no " + aslName));
    Simulation sim;
    try {
      sim = new Simulation(spec, asl, settings).sharedAddresses(sharedAddresses());
    } catch (InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    if (settings.targetUrl() != null) {
      getLog()
          .warn(
              "simulation.targetUrl is set: "
                  + settings.requests()
                  + " requests go to "
                  + settings.targetUrl()
                  + ", a server you run; no mock and no per-proxy source addresses."
                  + " Never point it at a vendor's production API.");
    } else {
      getLog()
          .info(
              "Simulating "
                  + spec.workflowName()
                  + ": "
                  + settings.requests()
                  + " requests, "
                  + (settings.arrivalRatePerSecond() > 0
                      ? settings.arrivalRatePerSecond()
                          + " per second (at most "
                          + settings.concurrency()
                          + " in flight)"
                      : settings.concurrency() + " at a time")
                  + ", through "
                  + spec.proxies()
                  + " proxies (egress "
                  + spec.egress().mode()
                  + ": "
                  + sources(sim)
                  + ") against a mock"
                  + " allowing "
                  + settings.ratePerSecondPerSource()
                  + " requests/s per source (burst "
                  + settings.burst()
                  + "), in real time.");
    }
    if (getLog().isDebugEnabled()) {
      sim.proxyLogs(line -> getLog().debug("proxy: " + line));
      sim.orchestratorLogs(line -> getLog().debug("orchestrator: " + line));
    }
    SimulationRun run;
    try {
      run = sim.run(progress(settings.requests()));
    } catch (UnsupportedDefinitionException e) {
      throw new MojoExecutionException(
          "The local executor cannot run " + aslName + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot start the simulation: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("The simulation was interrupted", e);
    }
    getLog().info("Simulation: " + SimulationSummary.of(run));
    sim.sourceCounts()
        .forEach((source, counts) -> getLog().info("  mock saw " + source + ": " + counts));
    Path dir = outputDirectory.toPath();
    Path json = dir.resolve(spec.workflowName() + "-simulation.json");
    writeAtomically(json, SimulationJson.write(run));
    getLog().info("  wrote     " + json);
    writeReport(run, asl, sim.metricLines(), dir.resolve(spec.workflowName() + "-simulation.html"));
  }

  /** The self-contained HTML report: summary, charts and the workflow's picture. */
  private void writeReport(SimulationRun run, String asl, List<String> emfLines, Path html)
      throws MojoExecutionException {
    try {
      SimulationReport.write(run, new WorkflowSvg().render(asl), emfLines, html);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the report " + html + ": " + e, e);
    }
    getLog().info("  wrote     " + html);
  }

  private Simulation.Progress progress(int total) {
    int step = Math.max(1, total / 10);
    return (done, all, succeeded) -> {
      if (done % step == 0 || done == all) {
        getLog()
            .info(
                String.format(
                    "  simulated %d/%d requests (%d%%), %d succeeded",
                    done, all, done * 100 / all, succeeded));
      }
    };
  }

  /** The source addresses the mock will see, e.g. {@code 3 sources 127.0.0.2-127.0.0.4}. */
  private static String sources(Simulation sim) {
    int n = sim.sourceAddresses();
    return n == 1
        ? "1 source 127.0.0.2 for all proxies"
        : n + " sources 127.0.0.2-127.0.0." + (n + 1);
  }

  /**
   * The {@code <simulation>} fields, or their user properties; unset ones take the core's defaults.
   */
  private SimulationSettings simulation() {
    return nested()
        .fill("simulation", orNew(simulation, SimulationSettings::new), Settings.defaults());
  }

  /** {@code <simulation><sharedAddresses>}: addresses the proxies share under egress SHARED. */
  int sharedAddresses() throws MojoFailureException {
    try {
      return simulation().sharedAddressesOrDefault();
    } catch (InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  /** The validated {@code <simulation>} settings. */
  Settings simulationSettings() throws MojoFailureException {
    try {
      return simulation().toSettings();
    } catch (InvalidConfigurationException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path file, String content) throws MojoExecutionException {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write " + file + ": " + e, e);
    }
  }
}
