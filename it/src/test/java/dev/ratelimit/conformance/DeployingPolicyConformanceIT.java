package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deploying identity's policy in docs/deploying.md, derived from what the stacks contain: for
 * every resource type of every generated template (sample projects and goldens), the IAM actions
 * CloudFormation's handlers for that type call (from the type's registry schema, extracted under
 * {@code src/test/resources/conformance/handler-permissions}), plus the calls {@code
 * ratelimit:deploy} makes itself (read from the deploy package's source). The documented policy
 * must allow each.
 *
 * <p>To support a new resource type: add {@code handler-permissions/<Type with _>.json} with its
 * registry schema's {@code handlers} (and {@code tagging.permissions}), the source named; list in
 * {@code notNeeded} (with the reason) what the generated template never needs, and in {@code
 * documented} what AWS documents beyond the schema; then extend docs/deploying.md.
 */
class DeployingPolicyConformanceIT {
  /**
   * CloudFormation's random suffix of a generated physical name, and its two separating hyphens.
   */
  static final int GENERATED_SUFFIX_CHARS = 13 + 2;

  static final int ROLE_NAME_CHARS = 64;

  /** Stack operations call these handlers; {@code list} serves Cloud Control's ListResources. */
  static final List<String> STACK_HANDLERS = List.of("create", "read", "update", "delete");

  /** What the deploy goal calls, by SDK client method, and the IAM action each needs. */
  static final Map<String, String> DEPLOY_CALLS =
      Map.ofEntries(
          Map.entry("cloudFormation.describeStacks", "cloudformation:DescribeStacks"),
          Map.entry("cloudFormation.describeStackEvents", "cloudformation:DescribeStackEvents"),
          Map.entry("cloudFormation.createChangeSet", "cloudformation:CreateChangeSet"),
          Map.entry("cloudFormation.describeChangeSet", "cloudformation:DescribeChangeSet"),
          Map.entry("cloudFormation.executeChangeSet", "cloudformation:ExecuteChangeSet"),
          Map.entry("cloudFormation.deleteChangeSet", "cloudformation:DeleteChangeSet"),
          Map.entry("cloudFormation.deleteStack", "cloudformation:DeleteStack"),
          Map.entry("s3.headBucket", "s3:ListBucket"),
          Map.entry("s3.headObject", "s3:GetObject"),
          Map.entry("s3.putObject", "s3:PutObject"));

  /** Client methods that are not AWS calls. */
  static final List<String> NOT_CALLS =
      List.of("close", "serviceClientConfiguration", "build", "endpointOverride");

  private static final Pattern CALL = Pattern.compile("\\b(cloudFormation|s3)\\.([a-zA-Z]+)\\(");
  private static final Pattern POLICY =
      Pattern.compile(
          "## Permissions of the deploying identity.*?```json\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PREFIX_RULE =
      Pattern.compile("first\\s+(\\d+)\\s+characters\\s+of\\s+the\\s+stack\\s+name");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDocumentedPolicyAllowsEveryActionTheStacksAndTheGoalNeed() throws IOException {
    Map<String, String> required = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String type : resourceTypes()) {
      JsonNode extract = handlerPermissions(type);
      if (extract == null) {
        problems.add(
            type
                + ": no handler-permissions/"
                + type.replace("::", "_")
                + ".json; add the"
                + " type's registry-schema handlers.*.permissions there (see this class's Javadoc)");
        continue;
      }
      TreeSet<String> fromSchema = new TreeSet<>();
      STACK_HANDLERS.forEach(
          h -> extract.path("handlers").path(h).forEach(a -> fromSchema.add(a.asText())));
      extract.path("tagging").forEach(a -> fromSchema.add(a.asText()));
      extract
          .path("notNeeded")
          .fieldNames()
          .forEachRemaining(
              a -> {
                if (!fromSchema.remove(a)) {
                  problems.add(
                      type + ": notNeeded lists " + a + ", which its handlers do not call");
                }
              });
      fromSchema.forEach(a -> required.putIfAbsent(a, type + " (registry schema)"));
      extract
          .path("documented")
          .properties()
          .forEach(
              e -> required.putIfAbsent(e.getKey(), type + " (" + e.getValue().asText() + ")"));
    }
    deployGoalCalls(problems)
        .forEach((call, action) -> required.putIfAbsent(action, "ratelimit:deploy " + call));

    List<String> allowed = documentedActions();
    List<String> missing = new ArrayList<>();
    required.forEach(
        (action, why) -> {
          if (allowed.stream().noneMatch(p -> matches(p, action))) {
            missing.add(action + "  <- " + why);
          }
        });
    System.out.println(
        "[conformance] deploying identity: "
            + required.size()
            + " actions derived from "
            + resourceTypes().size()
            + " resource types and the deploy goal's calls; docs/deploying.md misses "
            + missing.size());
    assertThat(problems).as("derivation problems").isEmpty();
    assertThat(missing).as("actions docs/deploying.md's policy does not allow").isEmpty();
  }

  /**
   * CloudFormation names an unnamed role {@code <stack>-<LogicalId>-<13 random>} and, past 64
   * characters, shortens the stack-name part: the policy's role pattern may rely only on that many
   * of the stack name's first characters.
   */
  @Test
  void theRoleNamePatternSurvivesCloudFormationsTruncation() throws IOException {
    int longestRoleId = 0;
    for (GeneratedWorkflow w : workflows()) {
      DeployedTemplate t = new DeployedTemplate(w, w.name());
      for (String role : t.ofType("AWS::IAM::Role")) {
        longestRoleId = Math.max(longestRoleId, role.length());
      }
    }
    int kept = ROLE_NAME_CHARS - GENERATED_SUFFIX_CHARS - longestRoleId;
    Matcher m = PREFIX_RULE.matcher(Files.readString(doc()));
    assertThat(m.find())
        .as(
            "docs/deploying.md states how many characters of the stack name the role"
                + " pattern uses (\"first N characters of the stack name\")")
        .isTrue();
    assertThat(Integer.parseInt(m.group(1)))
        .as(
            "characters of the stack name a generated role name keeps"
                + " for the longest role logical id ("
                + longestRoleId
                + ")")
        .isEqualTo(kept);
  }

  /**
   * Every method the deploy package calls on its CloudFormation and S3 clients, mapped to its
   * action.
   */
  static Map<String, String> deployGoalCalls(List<String> problems) throws IOException {
    Map<String, String> calls = new TreeMap<>();
    Path dir =
        Path.of(System.getProperty("ratelimit.plugin.dir", "../plugin"))
            .resolve("src/main/java/dev/ratelimit/deploy");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        Matcher m = CALL.matcher(Files.readString(f));
        while (m.find()) {
          String call = m.group(1) + "." + m.group(2);
          if (NOT_CALLS.contains(m.group(2))) {
            continue;
          }
          String action = DEPLOY_CALLS.get(call);
          if (action == null) {
            problems.add(
                f.getFileName() + " calls " + call + ": add its IAM action to DEPLOY_CALLS");
          } else {
            calls.put(call, action);
          }
        }
      }
    }
    assertThat(calls).as("AWS calls found in " + dir).isNotEmpty();
    return calls;
  }

  static TreeSet<String> resourceTypes() {
    TreeSet<String> types = new TreeSet<>();
    for (GeneratedWorkflow w : workflows()) {
      w.templateTree().path("Resources").forEach(r -> types.add(r.path("Type").asText()));
    }
    return types;
  }

  static List<GeneratedWorkflow> workflows() {
    List<GeneratedWorkflow> all =
        new ArrayList<>(
            GeneratedWorkflow.fromSampleProjects(
                Path.of(System.getProperty("ratelimit.it.dir")), new ArrayList<>()));
    all.addAll(
        GeneratedWorkflow.fromGoldenFiles(
            Path.of(
                System.getProperty(
                    "ratelimit.golden.dir", "../plugin/src/test/resources/golden"))));
    return all;
  }

  static JsonNode handlerPermissions(String type) throws IOException {
    try (InputStream in =
        DeployingPolicyConformanceIT.class.getResourceAsStream(
            "/conformance/handler-permissions/" + type.replace("::", "_") + ".json")) {
      return in == null ? null : JSON.readTree(in);
    }
  }

  static Path doc() {
    return Path.of(System.getProperty("ratelimit.docs.dir", "../docs")).resolve("deploying.md");
  }

  /**
   * The actions of the Allow statements of the policy under "Permissions of the deploying
   * identity".
   */
  static List<String> documentedActions() throws IOException {
    Matcher m = POLICY.matcher(Files.readString(doc()));
    assertThat(m.find())
        .as("a ```json policy under '## Permissions of the deploying identity' in " + doc())
        .isTrue();
    List<String> actions = new ArrayList<>();
    for (JsonNode statement : JSON.readTree(m.group(1)).path("Statement")) {
      if ("Allow".equals(statement.path("Effect").asText())) {
        JsonNode a = statement.path("Action");
        if (a.isTextual()) {
          actions.add(a.asText());
        } else {
          a.forEach(x -> actions.add(x.asText()));
        }
      }
    }
    return actions;
  }

  /** IAM action matching: case-insensitive, {@code *} and {@code ?} wildcards. */
  static boolean matches(String pattern, String action) {
    String regex =
        Pattern.quote(pattern.toLowerCase(Locale.ROOT))
            .replace("*", "\\E.*\\Q")
            .replace("?", "\\E.\\Q");
    return action.toLowerCase(Locale.ROOT).matches(regex);
  }
}
