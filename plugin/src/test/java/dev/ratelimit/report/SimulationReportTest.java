package dev.ratelimit.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.simulate.RequestRecord;
import dev.ratelimit.simulate.SimulationRun;
import dev.ratelimit.simulate.SimulationSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationReportTest {

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void theReportIsOneSelfContainedPage(@TempDir Path dir) throws Exception {
    SimulationRun run = SampleRuns.run(3, 120, 42);
    Path file = dir.resolve("target/ratelimit/vendor-gateway-simulation.html");
    SimulationReport.write(run, SampleRuns.svg(SampleRuns.spec(3)), file);
    String html = Files.readString(file);
    if (Boolean.getBoolean("report.sample")) {
      Files.writeString(Path.of("target/vendor-gateway-simulation.html"), html);
    }
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    // no network: no URL at all, no script, no external stylesheet or image
    assertThat(html)
        .doesNotContainIgnoringCase("http://")
        .doesNotContainIgnoringCase("https://")
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("<img")
        .doesNotContain("url(http")
        .doesNotContain("@import");
    // attempts, latency, one chart per proxy, and the workflow
    assertThat(count(html, "<svg")).isEqualTo(2 + 3 + 1);
    assertThat(count(html, "</svg>")).isEqualTo(6);
    assertThat(html)
        .contains("vendor-gateway-proxy-1")
        .contains("vendor-gateway-proxy-3")
        .contains(">ChooseStartProxy</tspan>");
    // ids stay unique on the page
    Matcher ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
    Set<String> seen = new HashSet<>();
    while (ids.find()) {
      assertThat(seen.add(ids.group(1))).as("duplicate id %s", ids.group(1)).isTrue();
    }
  }

  @Test
  void theSummaryNumbersAreOnThePage() {
    SimulationRun run = SampleRuns.run(3, 120, 42);
    SimulationSummary s = SimulationSummary.of(run);
    String html = SimulationReport.render(run, SampleRuns.svg(SampleRuns.spec(3)));
    long calls = run.requests().stream().mapToLong(r -> r.execution().lambdaCalls()).sum();
    long ok =
        run.requests().stream()
            .filter(r -> r.execution().status() == ExecutionResult.Status.SUCCEEDED)
            .count();
    assertThat(s.requests()).isEqualTo(120);
    assertThat(s.upstreamCalls()).isEqualTo(calls);
    assertThat(s.succeeded()).isEqualTo(ok);
    assertThat(s.succeeded()).isGreaterThan(0).isLessThan(120);
    assertThat(s.failedByStatus().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(s.failed());
    assertThat(html)
        .contains("<tr><th>requests</th><td>120</td></tr>")
        .contains("<tr><th>upstream calls</th><td>" + calls + "</td></tr>")
        .contains("<tr><th>succeeded</th><td>" + ok + " (")
        .contains(
            "<tr><th>calls per success</th><td>" + SimulationReport.ratio((double) calls / ok))
        .contains("<tr><th>latency p95</th><td>" + SimulationReport.seconds(s.p95()))
        .contains("<tr><th>time waited</th><td>" + SimulationReport.seconds(s.waited()))
        .contains(
            "<tr><th>failed by status</th><td>" + s.failedByStatusText().replace("&", "&amp;"))
        .contains("<tr><th>seed</th><td>42</td></tr>");
    assertThat(s.toString())
        .startsWith("120 requests: " + ok + " succeeded, " + (120 - ok) + " failed (")
        .contains(calls + " upstream calls");
  }

  @Test
  void theSameRunGivesTheSameBytes() {
    String svg = SampleRuns.svg(SampleRuns.spec(2));
    String first = SimulationReport.render(SampleRuns.run(2, 60, 7), svg);
    String second = SimulationReport.render(SampleRuns.run(2, 60, 7), svg);
    assertThat(second).isEqualTo(first);
    assertThat(SimulationReport.render(SampleRuns.run(2, 60, 8), svg)).isNotEqualTo(first);
  }

  @Test
  void anEmptyRunStillRenders() {
    SimulationRun run =
        new SimulationRun("empty", Map.of(), SampleRuns.T0, SampleRuns.T0, List.of());
    String html = SimulationReport.render(run, SampleRuns.svg(SampleRuns.spec(1)));
    assertThat(html)
        .contains("<tr><th>requests</th><td>0</td></tr>")
        .contains("<tr><th>calls per success</th><td>–</td></tr>");
    assertThat(count(html, "<svg")).isEqualTo(3);
  }

  @Test
  void attemptsAreReadFromTheHistory() {
    SimulationRun run = SampleRuns.run(3, 80, 3);
    for (RequestRecord r : run.requests()) {
      var attempts = Attempts.of(r);
      long tasks =
          r.execution().statesEntered().stream()
              .filter(n -> n.startsWith("Attempt") && !n.endsWith("Crashed"))
              .count();
      assertThat(attempts).hasSize((int) tasks);
      var last = attempts.get(attempts.size() - 1).outcome();
      if (r.execution().status() == ExecutionResult.Status.SUCCEEDED) {
        assertThat(last).isEqualTo(Attempts.Outcome.SUCCESS);
      } else {
        assertThat(last).isNotIn(Attempts.Outcome.SUCCESS, Attempts.Outcome.RETRIED);
      }
      attempts
          .subList(0, attempts.size() - 1)
          .forEach(
              a ->
                  assertThat(a.outcome()).isIn(Attempts.Outcome.RETRIED, Attempts.Outcome.CRASHED));
    }
  }

  @Test
  void percentilesAreNearestRank() {
    var d = IntStream.rangeClosed(1, 10).mapToObj(Duration::ofSeconds).toList();
    assertThat(SimulationSummary.percentile(d, 50)).hasSeconds(5);
    assertThat(SimulationSummary.percentile(d, 95)).hasSeconds(10);
    assertThat(SimulationSummary.percentile(List.of(), 50)).isZero();
    assertThat(SimulationReport.compareNatural("p-2", "p-10")).isNegative();
  }
}
