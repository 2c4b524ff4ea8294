package dev.ratelimit.report;

import dev.ratelimit.asl.local.ExecutionResult;
import dev.ratelimit.report.Attempts.Attempt;
import dev.ratelimit.report.Attempts.Outcome;
import dev.ratelimit.simulate.SimulationRun;
import dev.ratelimit.simulate.SimulationSummary;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code <workflowName>-simulation.html}: one self-contained page (inline CSS and SVG, no script,
 * no network) with the summary table, the charts (drawn by XChart, exported as SVG by
 * VectorGraphics2D) and the workflow diagram. The same run gives the same bytes.
 */
public final class SimulationReport {
  private static final int TIME_BUCKETS = 20;
  private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{3,}");
  private static final Pattern SVG_ID = Pattern.compile("id=\"([^\"]+)\"");

  private SimulationReport() {}

  /** Writes the report for the run, embedding the workflow's SVG; replaces the file atomically. */
  public static void write(SimulationRun run, String workflowSvg, Path file) throws IOException {
    write(run, workflowSvg, List.of(), file);
  }

  /**
   * The same, with the metrics the run's functions wrote ({@link
   * dev.ratelimit.simulate.Simulation#metricLines()}) shown as the dashboard shows them.
   */
  public static void write(SimulationRun run, String workflowSvg, List<String> emfLines, Path file)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, render(run, workflowSvg, emfLines), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The report's HTML text. */
  public static String render(SimulationRun run, String workflowSvg) {
    return render(run, workflowSvg, List.of());
  }

  /**
   * The report's HTML text, with the dashboard's figures from {@code emfLines} (none: no section).
   */
  public static String render(SimulationRun run, String workflowSvg, List<String> emfLines) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    SimulationSummary s = SimulationSummary.of(run);
    List<List<Attempt>> attempts = run.requests().stream().map(Attempts::of).toList();
    StringBuilder html = new StringBuilder();
    String title = "Simulation of " + run.workflowName();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(esc(title))
        .append("</h1>\n");
    html.append("<p class=\"lead\">").append(esc(s.toString())).append("</p>\n");

    html.append(
        "<section class=\"tables\">\n<table class=\"summary\">\n<caption>Summary</caption>\n");
    row(html, "requests", Integer.toString(s.requests()));
    row(html, "succeeded", s.succeeded() + percent(s.succeeded(), s.requests()));
    row(html, "failed", s.failed() + percent(s.failed(), s.requests()));
    row(html, "failed by status", s.failedByStatusText());
    row(html, "upstream calls", Integer.toString(s.upstreamCalls()));
    row(html, "calls per success", ratio(s.callsPerSuccess()));
    row(html, "latency p50", seconds(s.p50()));
    row(html, "latency p95", seconds(s.p95()));
    row(html, "latency max", seconds(s.max()));
    row(html, "time waited", seconds(s.waited()));
    row(html, "duration", seconds(run.duration()));
    html.append("</table>\n<table class=\"settings\">\n<caption>Settings</caption>\n");
    run.settings().forEach((k, v) -> row(html, k, v));
    html.append("</table>\n</section>\n");
    metrics(html, DashboardFigures.of(run, emfLines));

    int chart = 0;
    html.append("<section class=\"charts\">\n");
    figure(
        html,
        "attempts",
        svg(attemptsChart(run, attempts), ++chart),
        "Attempts per request: how many proxy attempts each request needed, by final outcome.");
    figure(
        html,
        "latency",
        svg(latencyChart(run), ++chart),
        "Latency distribution: the share of requests answered within a time (caller's view).");
    html.append(
        "</section>\n<h2>Outcomes per proxy over time</h2>\n<p class=\"note\">Each attempt,"
            + " counted in the time bucket it started in. “Retried” attempts got a retryable answer"
            + " (429, a retryable 5xx or a network error) and the workflow waited and moved on to the next"
            + " proxy.</p>\n");
    Map<String, List<Attempt>> byProxy = new TreeMap<>(SimulationReport::compareNatural);
    attempts.forEach(
        list ->
            list.forEach(
                a -> byProxy.computeIfAbsent(a.function(), k -> new ArrayList<>()).add(a)));
    List<Outcome> present =
        attempts.stream().flatMap(List::stream).map(Attempt::outcome).distinct().sorted().toList();
    html.append("<ul class=\"legend\">\n");
    for (Outcome o : present) {
      html.append("<li><span style=\"background:")
          .append(o.color)
          .append("\"></span>")
          .append(esc(o.label))
          .append("</li>\n");
    }
    html.append("</ul>\n<section class=\"charts\">\n");
    for (Map.Entry<String, List<Attempt>> e : byProxy.entrySet()) {
      figure(
          html,
          "proxy",
          svg(proxyChart(run, e.getKey(), e.getValue(), present), ++chart),
          e.getKey() + ": " + e.getValue().size() + " attempts.");
    }
    html.append(
            "</section>\n<h2>Workflow</h2>\n<p class=\"note\">Scaled to the page; full size in ")
        .append(esc(run.workflowName()))
        .append(".svg next to the generated workflow.</p>\n")
        .append("<figure class=\"workflow\">\n")
        .append(inline(workflowSvg, "wf"))
        .append("</figure>\n</body>\n</html>\n");
    return html.toString();
  }

  /** The dashboard's figures, grouped by widget, in the dashboard's order. */
  private static void metrics(StringBuilder html, List<DashboardFigures.Figure> figures) {
    if (figures.isEmpty()) {
      return;
    }
    html.append(
            "<h2>Metrics, as on the dashboard</h2>\n<p class=\"note\">From the EMF lines the"
                + " proxies wrote in this run (and the orchestrator's, one per request), over the whole run;"
                + " the dashboard shows the same formulas per minute. See docs/observability.md.</p>\n")
        .append("<table class=\"metrics\">\n<tr><th>widget</th><th>line</th><th>value</th></tr>\n");
    for (DashboardFigures.Figure f : figures) {
      html.append("<tr><td>")
          .append(esc(f.widget()))
          .append("</td><td>")
          .append(esc(f.label()))
          .append("</td><td>")
          .append(esc(f.value()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static CategoryChart attemptsChart(SimulationRun run, List<List<Attempt>> attempts) {
    int max = attempts.stream().mapToInt(List::size).max().orElse(0);
    List<String> x = new ArrayList<>();
    int[] ok = new int[max + 1];
    int[] failed = new int[max + 1];
    for (int i = 0; i < run.requests().size(); i++) {
      int n = attempts.get(i).size();
      if (run.requests().get(i).execution().status() == ExecutionResult.Status.SUCCEEDED) {
        ok[n]++;
      } else {
        failed[n]++;
      }
    }
    List<Integer> okCounts = new ArrayList<>();
    List<Integer> failedCounts = new ArrayList<>();
    for (int n = 0; n <= max; n++) {
      if (n == 0 && ok[0] + failed[0] == 0) {
        continue;
      }
      x.add(Integer.toString(n));
      okCounts.add(ok[n]);
      failedCounts.add(failed[n]);
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(560)
            .height(340)
            .title("Attempts per request")
            .xAxisTitle("attempts")
            .yAxisTitle("requests")
            .build();
    style(chart.getStyler());
    chart.getStyler().setStacked(true);
    if (x.isEmpty()) {
      x.add("0");
      okCounts.add(0);
      failedCounts.add(0);
    }
    chart.addSeries("succeeded", x, okCounts).setFillColor(Color.decode(Outcome.SUCCESS.color));
    chart.addSeries("failed", x, failedCounts).setFillColor(Color.decode(Outcome.FAILED_5XX.color));
    return chart;
  }

  private static XYChart latencyChart(SimulationRun run) {
    List<Duration> sorted = SimulationSummary.latencies(run);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    x.add(0.0);
    y.add(0.0);
    for (int p = 1; p <= 100 && !sorted.isEmpty(); p++) {
      x.add(SimulationSummary.percentile(sorted, p).toNanos() / 1e9);
      y.add((double) p);
    }
    XYChart chart =
        new XYChartBuilder()
            .width(560)
            .height(340)
            .title("Latency (CDF)")
            .xAxisTitle("seconds")
            .yAxisTitle("% of requests")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setXAxisMin(0.0);
    XYSeries series = chart.addSeries("latency", x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(new Color(0x3b6fd4));
    return chart;
  }

  private static CategoryChart proxyChart(
      SimulationRun run, String proxy, List<Attempt> attempts, List<Outcome> present) {
    long span = Math.max(1, run.duration().toMillis());
    long width = Math.max(1, (span + TIME_BUCKETS - 1) / TIME_BUCKETS);
    int buckets = (int) Math.max(1, (span + width - 1) / width);
    Map<Outcome, int[]> counts = new EnumMap<>(Outcome.class);
    present.forEach(o -> counts.put(o, new int[buckets]));
    for (Attempt a : attempts) {
      long at = Duration.between(run.started(), a.started()).toMillis();
      int bucket = (int) Math.min(buckets - 1, Math.max(0, at / width));
      counts.get(a.outcome())[bucket]++;
    }
    List<String> x = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      x.add(String.format(Locale.ROOT, "%.1f", b * width / 1000.0));
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(560)
            .height(340)
            .title(proxy)
            .xAxisTitle("seconds since start (bucket start)")
            .yAxisTitle("attempts")
            .build();
    style(chart.getStyler());
    chart.getStyler().setStacked(true);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setAvailableSpaceFill(0.85);
    if (counts.isEmpty()) {
      counts.put(Outcome.SUCCESS, new int[buckets]);
    }
    counts.forEach(
        (outcome, n) -> {
          List<Integer> y = new ArrayList<>();
          for (int v : n) {
            y.add(v);
          }
          chart.addSeries(outcome.label, x, y).setFillColor(Color.decode(outcome.color));
        });
    return chart;
  }

  private static void style(AxesChartStyler styler) {
    styler.setLocale(Locale.ROOT);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setChartTitleBoxVisible(false);
  }

  private static String svg(Chart<?, ?> chart, int n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inline(shorten(out.toString(StandardCharsets.UTF_8)), "c" + n);
  }

  /**
   * Coordinates to two decimals: the text is drawn as outlines, and a third of a point is plenty.
   */
  static String shorten(String svg) {
    Matcher m = LONG_DECIMAL.matcher(svg);
    StringBuilder out = new StringBuilder(svg.length() / 2);
    while (m.find()) {
      String v =
          new BigDecimal(m.group())
              .setScale(2, RoundingMode.HALF_EVEN)
              .stripTrailingZeros()
              .toPlainString();
      m.appendReplacement(out, v.equals("-0") ? "0" : v);
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * An SVG document made fit to sit inside HTML: no XML prolog or DOCTYPE, no namespace URIs (the
   * HTML parser puts {@code <svg>} in the SVG namespace itself), ids prefixed so that several
   * pictures on one page do not share them.
   */
  static String inline(String svg, String prefix) {
    int start = svg.indexOf("<svg");
    if (start < 0) {
      throw new IllegalArgumentException("not an SVG document");
    }
    String body =
        svg.substring(start)
            .replaceAll("\\s+xmlns(:\\w+)?=\"[^\"]*\"", "")
            .replaceAll("\\s+version=\"[^\"]*\"", "");
    Matcher m = SVG_ID.matcher(body);
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    for (String id : ids) {
      String q = Pattern.quote(id);
      body =
          body.replaceAll("id=\"" + q + "\"", "id=\"" + prefix + "-" + id + "\"")
              .replaceAll("#" + q + "([\")])", "#" + prefix + "-" + id + "$1");
    }
    return body.endsWith("\n") ? body : body + "\n";
  }

  private static void figure(StringBuilder html, String cls, String svg, String caption) {
    html.append("<figure class=\"")
        .append(cls)
        .append("\">\n")
        .append(svg)
        .append("<figcaption>")
        .append(esc(caption))
        .append("</figcaption>\n</figure>\n");
  }

  private static void row(StringBuilder html, String key, String value) {
    html.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>\n");
  }

  private static String percent(int n, int of) {
    return of == 0 ? "" : String.format(Locale.ROOT, " (%.1f %%)", 100.0 * n / of);
  }

  /** proxy-2 before proxy-10. */
  static int compareNatural(String a, String b) {
    String pa = a.replaceAll("\\d+$", "");
    String pb = b.replaceAll("\\d+$", "");
    if (pa.equals(pb) && !pa.equals(a) && !pb.equals(b)) {
      int c =
          Long.compare(
              Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
      if (c != 0) {
        return c;
      }
    }
    return a.compareTo(b);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static final String CSS =
      """
      body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif;
             margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #202124; }
      h1 { font-size: 24px; margin: 0 0 8px; }
      h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #dadce0; padding-bottom: 4px; }
      p.lead { font-family: ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace; font-size: 13px;
               background: #f1f3f4; padding: 8px 10px; border-radius: 4px; }
      p.note { color: #5f6368; font-size: 13px; }
      section.tables { display: flex; flex-wrap: wrap; gap: 32px; align-items: flex-start; }
      table { border-collapse: collapse; font-size: 14px; }
      caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
      th, td { text-align: left; padding: 3px 14px 3px 0; border-bottom: 1px solid #f1f3f4; }
      th { font-weight: normal; color: #5f6368; }
      td { font-variant-numeric: tabular-nums; }
      section.charts { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 20px; }
      figure { margin: 0; }
      figcaption { font-size: 12px; color: #5f6368; max-width: 560px; }
      figure.workflow { border: 1px solid #dadce0; padding: 8px; text-align: center; }
      svg { max-width: 100%; height: auto; }
      ul.legend { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 18px;
                  font-size: 13px; }
      ul.legend span { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
                       vertical-align: -1px; }
      """;

  static String ratio(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** {@code 1.234 s}. */
  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
  }
}
