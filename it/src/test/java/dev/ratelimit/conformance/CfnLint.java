package dev.ratelimit.conformance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code cfn-lint} run over many templates (it starts slowly, so one run serves all), its
 * findings attributed to each template. Exit code: bit 2 = errors, 4 = warnings, 8 = informational.
 */
public final class CfnLint {
  /** {@code --format parseable}: {@code path:line:col:endLine:endCol:RuleId:message}. */
  private static final Pattern FINDING =
      Pattern.compile("(.+):(\\d+):(\\d+):(\\d+):(\\d+):([EWI]\\d+):(.*)");

  public record Finding(Path file, int line, String rule, String message) {
    public boolean isError() {
      return rule.startsWith("E");
    }

    public boolean isWarning() {
      return rule.startsWith("W");
    }

    @Override
    public String toString() {
      return rule + " " + message + " (" + file.getFileName() + ":" + line + ")";
    }
  }

  private final Tools.Result result;
  private final Map<Path, List<Finding>> findings = new LinkedHashMap<>();
  private final List<String> unparsed = new ArrayList<>();

  private CfnLint(Tools.Result result, List<Path> templates) {
    this.result = result;
    templates.forEach(t -> findings.put(key(t), new ArrayList<>()));
    for (String line : result.output().split("\\R")) {
      Matcher m = FINDING.matcher(line);
      if (m.matches()) {
        Path file = key(Path.of(m.group(1)));
        findings
            .computeIfAbsent(file, f -> new ArrayList<>())
            .add(new Finding(file, Integer.parseInt(m.group(2)), m.group(6), m.group(7)));
      } else if (!line.isBlank()) {
        unparsed.add(line);
      }
    }
  }

  public static CfnLint run(List<Path> templates) {
    List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "parseable"));
    templates.forEach(t -> command.add(key(t).toString()));
    return new CfnLint(Tools.run(command, 600), templates);
  }

  private static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }

  public int exitCode() {
    return result.exitCode();
  }

  public String output() {
    return result.toString();
  }

  public List<Finding> findings(Path template) {
    return findings.getOrDefault(key(template), List.of());
  }

  public List<Finding> all() {
    return findings.values().stream().flatMap(List::stream).toList();
  }

  /** Output lines that are not findings (a crash, a usage message). */
  public List<String> unparsed() {
    return unparsed;
  }
}
