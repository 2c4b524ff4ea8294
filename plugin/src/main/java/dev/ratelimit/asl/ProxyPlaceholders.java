package dev.ratelimit.asl;

import dev.ratelimit.runtime.contract.ProxyNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows how the definition names the proxy it invokes (SPEC §9), from the
 * logical ids of {@link ProxyNaming}: {@code ${ProxyN.Arn}} for the function itself, or {@code
 * ${ProxyNVersion<hash>}} for a published version (SnapStart), both for the template's plain-string
 * {@code Fn::Sub}. The generator writes the first; the template may rewrite it to the second;
 * simulate, deploy checks and tests read either.
 */
public final class ProxyPlaceholders {
  private ProxyPlaceholders() {}

  /** Either form; group 1 is the proxy's number N. */
  public static final Pattern PATTERN =
      Pattern.compile(
          "\\$\\{"
              + ProxyNaming.LOGICAL_ID_PREFIX
              + "(\\d+)(?:\\.Arn|"
              + ProxyNaming.VERSION_INFIX
              + "[0-9A-F]+)}");

  /** {@code ${ProxyN.Arn}}: the unqualified function, as the generator writes it. */
  public static String function(int proxy) {
    return "${" + ProxyNaming.logicalId(proxy) + ".Arn}";
  }

  /** {@code ${<versionLogicalId>}}: the Ref of a published version, i.e. its qualified ARN. */
  public static String version(String versionLogicalId) {
    return "${" + versionLogicalId + "}";
  }

  /** Replaces each placeholder with {@code byProxy.apply(N)}, taken literally. */
  public static String replace(String definition, IntFunction<String> byProxy) {
    Matcher m = PATTERN.matcher(definition);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(byProxy.apply(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The proxy numbers N of all placeholders, in order of appearance. */
  public static List<Integer> proxies(String definition) {
    List<Integer> found = new ArrayList<>();
    Matcher m = PATTERN.matcher(definition);
    while (m.find()) {
      found.add(Integer.parseInt(m.group(1)));
    }
    return found;
  }
}
