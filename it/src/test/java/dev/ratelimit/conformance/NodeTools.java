package dev.ratelimit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The npm libraries of the conformance profile, run by small scripts under {@code
 * src/test/resources/conformance} with {@code node}; {@code .ci/conformance-tools.sh} installs them
 * globally at pinned versions, so {@code NODE_PATH} is {@code npm root -g}.
 */
public final class NodeTools {
  /** The pinned versions; .ci/conformance-tools.sh installs exactly these. */
  public static final String IAM_SIMULATE = "@cloud-copilot/iam-simulate";

  public static final String ASL_SERVICE = "amazon-states-language-service";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static String nodePath;

  private NodeTools() {}

  /** Runs {@code script} (a resource under conformance/) and parses its JSON output. */
  public static JsonNode run(String script, List<String> args, long timeoutSeconds) {
    List<String> command = new ArrayList<>(List.of("node", resource(script).toString()));
    command.addAll(args);
    Tools.Result r = Tools.run(command, Map.of("NODE_PATH", nodePath()), timeoutSeconds);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          script
              + " failed (are "
              + IAM_SIMULATE
              + " and "
              + ASL_SERVICE
              + " installed? run "
              + Tools.TOOLS_SCRIPT
              + "):\n"
              + r);
    }
    try {
      return JSON.readTree(r.output());
    } catch (IOException e) {
      throw new AssertionError(script + " printed no JSON:\n" + r, e);
    }
  }

  /** The installed version of a global npm package, for the summary. */
  public static String version(String pkg) {
    Tools.Result r = Tools.run(60, "npm", "ls", "-g", "--depth=0", "--json", pkg);
    try {
      return JSON.readTree(r.output()).path("dependencies").path(pkg).path("version").asText("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static synchronized String nodePath() {
    if (nodePath == null) {
      Tools.Result r = Tools.run(60, "npm", "root", "-g");
      if (r.exitCode() != 0) {
        throw new AssertionError(
            "npm root -g failed; install Node.js and run " + Tools.TOOLS_SCRIPT + ":\n" + r);
      }
      nodePath = r.output().strip();
    }
    return nodePath;
  }

  private static Path resource(String script) {
    URL url = NodeTools.class.getResource("/conformance/" + script);
    if (url == null) {
      throw new AssertionError("missing test resource conformance/" + script);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
