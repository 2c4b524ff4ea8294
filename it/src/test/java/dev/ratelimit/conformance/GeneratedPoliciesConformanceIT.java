package dev.ratelimit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratelimit.runtime.contract.EnvironmentNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The generated IAM policies, and the caller policy docs/security.md prints, evaluated by
 * {@code @cloud-copilot/iam-simulate} on every generated template (sample projects and goldens):
 * each role may do exactly what the gateway needs, on exactly its own resources.
 */
class GeneratedPoliciesConformanceIT {
  static final String OTHER_ACCOUNT = "210987654321";

  /** Secrets Manager's six random characters, as a real ARN has them. */
  static final String SUFFIX = "-Ab3dE9";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LAMBDA_ARN = Pattern.compile("arn:aws:lambda:[^\"]+");
  private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
  private static final AtomicInteger DECISIONS = new AtomicInteger();
  private static final AtomicInteger AS_EXPECTED = new AtomicInteger();
  private static final AtomicInteger TEMPLATES = new AtomicInteger();

  @TestFactory
  Stream<DynamicNode> sampleProjectsAndGoldens() {
    List<GeneratedWorkflow> workflows =
        new ArrayList<>(
            GeneratedWorkflow.fromSampleProjects(
                Path.of(System.getProperty("ratelimit.it.dir")), new ArrayList<>()));
    workflows.addAll(
        GeneratedWorkflow.fromGoldenFiles(
            Path.of(
                System.getProperty(
                    "ratelimit.golden.dir", "../plugin/src/test/resources/golden"))));
    assertThat(workflows).as("generated gateways").isNotEmpty();
    Map<GeneratedWorkflow, Map<String, List<IamSimulator.Case>>> all = new LinkedHashMap<>();
    List<IamSimulator.Case> cases = new ArrayList<>();
    for (GeneratedWorkflow w : workflows) {
      Map<String, List<IamSimulator.Case>> groups = cases(new DeployedTemplate(w, w.name()));
      all.put(w, groups);
      groups.values().forEach(cases::addAll);
    }
    Map<String, String> results = IamSimulator.evaluate(cases);
    TEMPLATES.set(workflows.size());
    return all.entrySet().stream()
        .map(
            e ->
                dynamicContainer(
                    e.getKey().id(),
                    e.getValue().entrySet().stream()
                        .map(g -> dynamicTest(g.getKey(), () -> check(g.getValue(), results)))));
  }

  private static void check(List<IamSimulator.Case> cases, Map<String, String> results) {
    List<String> wrong = new ArrayList<>();
    for (IamSimulator.Case c : cases) {
      String result = results.get(c.id());
      DECISIONS.incrementAndGet();
      boolean ok =
          result != null
              && !result.startsWith("Error")
              && result.equals("Allowed") == c.expectAllowed();
      if (ok) {
        AS_EXPECTED.incrementAndGet();
      } else {
        wrong.add(c + ": iam-simulate says " + result);
      }
    }
    assertThat(wrong).as("decisions of iam-simulate against the gateway's contract").isEmpty();
  }

  /** The cases of one template, grouped by what they show. */
  static Map<String, List<IamSimulator.Case>> cases(DeployedTemplate t) {
    String id = t.workflow().id();
    Set<String> called = new LinkedHashSet<>();
    Matcher m = LAMBDA_ARN.matcher(t.definition());
    while (m.find()) {
      called.add(m.group());
    }
    assertThat(called).as(id + ": Lambda ARNs the definition calls").isNotEmpty();
    List<String> proxies = new ArrayList<>();
    String orchestrator = null;
    for (String fn : t.ofType("AWS::Lambda::Function")) {
      String arn =
          t.resolve(
                  JSON.getNodeFactory()
                      .objectNode()
                      .set("Fn::GetAtt", JSON.createArrayNode().add(fn).add("Arn")))
              .asText();
      if (called.stream().anyMatch(c -> c.equals(arn) || c.startsWith(arn + ":"))) {
        proxies.add(fn);
      }
    }
    for (String url : t.ofType("AWS::Lambda::Url")) {
      orchestrator =
          t.properties(url).path("TargetFunctionArn").path("Fn::GetAtt").path(0).asText();
    }
    assertThat(proxies).as(id + ": proxy functions").isNotEmpty();
    assertThat(orchestrator).as(id + ": the Function URL's function").isNotNull();
    String stateMachine = t.ofType("AWS::StepFunctions::StateMachine").get(0);
    String machineArn =
        t.resolve(JSON.getNodeFactory().objectNode().put("Ref", stateMachine)).asText();
    String machineName = machineArn.substring(machineArn.lastIndexOf(':') + 1);
    boolean express =
        "EXPRESS".equals(t.properties(stateMachine).path("StateMachineType").asText());
    String orchestratorArn = arnOf(t, orchestrator);
    String proxy1Arn = arnOf(t, proxies.get(0));
    String strangerFunction =
        DeployedTemplate.arn("lambda", "function:" + t.workflow().name() + "-proxy-99");

    Map<String, List<IamSimulator.Case>> groups = new LinkedHashMap<>();
    int[] n = {0};
    String prefix = id + "#";

    // Proxies: their key, nothing else.
    Set<String> proxyRoles = new LinkedHashSet<>();
    proxies.forEach(p -> proxyRoles.add(t.roleOf(p)));
    for (String role : proxyRoles) {
      List<JsonNode> policies = t.rolePolicies(role);
      List<IamSimulator.Case> cs = new ArrayList<>();
      String secret = t.environment(proxies.get(0)).get(EnvironmentNames.API_KEY_SECRET_ARN);
      if (secret != null) {
        for (String real : realSecretArns(secret)) {
          cs.add(
              new IamSimulator.Case(
                  prefix + n[0]++, policies, "secretsmanager:GetSecretValue", real, true));
          cs.add(
              new IamSimulator.Case(
                  prefix + n[0]++, policies, "secretsmanager:PutSecretValue", real, false));
        }
        String name = secret.substring(secret.indexOf(":secret:") + ":secret:".length());
        String base = secret.substring(0, secret.indexOf(":secret:") + ":secret:".length());
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++,
                policies,
                "secretsmanager:GetSecretValue",
                base + name + "x" + SUFFIX,
                false));
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++,
                policies,
                "secretsmanager:GetSecretValue",
                base + "other" + SUFFIX,
                false));
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++,
                policies,
                "secretsmanager:GetSecretValue",
                (secret + SUFFIX).replaceFirst(":\\d{12}:", ":" + OTHER_ACCOUNT + ":"),
                false));
      } else {
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++,
                policies,
                "secretsmanager:GetSecretValue",
                DeployedTemplate.arn("secretsmanager", "secret:any" + SUFFIX),
                false));
      }
      for (String action : List.of("states:StartSyncExecution", "states:StartExecution")) {
        cs.add(new IamSimulator.Case(prefix + n[0]++, policies, action, machineArn, false));
      }
      cs.add(
          new IamSimulator.Case(
              prefix + n[0]++, policies, "lambda:InvokeFunction", proxy1Arn, false));
      // egress STATIC_IPS / SUBNETS: network interfaces only in the proxies' own subnets
      JsonNode vpc = t.properties(proxies.get(0)).path("VpcConfig");
      String otherSubnet = DeployedTemplate.arn("ec2", "subnet/subnet-0fedcba9876543210");
      if (vpc.isMissingNode()) {
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++, policies, "ec2:CreateNetworkInterface", otherSubnet, false));
      } else {
        for (String p : proxies) {
          String subnet =
              t.resolve(t.properties(p).path("VpcConfig").path("SubnetIds").path(0)).asText();
          cs.add(
              new IamSimulator.Case(
                  prefix + n[0]++,
                  policies,
                  "ec2:CreateNetworkInterface",
                  DeployedTemplate.arn("ec2", "subnet/" + subnet),
                  true));
        }
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++, policies, "ec2:CreateNetworkInterface", otherSubnet, false));
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++,
                policies,
                "ec2:DeleteNetworkInterface",
                DeployedTemplate.arn("ec2", "network-interface/eni-0123456789abcdef0"),
                true));
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++,
                policies,
                "ec2:DeleteNetworkInterface",
                DeployedTemplate.arn("ec2", "network-interface/eni-0123456789abcdef0")
                    .replaceFirst(":\\d{12}:", ":" + OTHER_ACCOUNT + ":"),
                false));
        cs.add(
            new IamSimulator.Case(
                prefix + n[0]++, policies, "ec2:DescribeNetworkInterfaces", "*", true));
      }
      groups.put(
          "proxy role "
              + role
              + ": reads "
              + (secret == null ? "no secret" : "exactly its secret")
              + ", starts no workflow, invokes nothing"
              + (vpc.isMissingNode()
                  ? ", creates no network interface"
                  : ", creates network interfaces only in its subnets"),
          cs);
    }

    // The state machine: exactly the functions its definition calls.
    String smRole = t.properties(stateMachine).path("RoleArn").path("Fn::GetAtt").path(0).asText();
    List<JsonNode> smPolicies = t.rolePolicies(smRole);
    List<IamSimulator.Case> sm = new ArrayList<>();
    called.forEach(
        arn ->
            sm.add(
                new IamSimulator.Case(
                    prefix + n[0]++, smPolicies, "lambda:InvokeFunction", arn, true)));
    for (String other : List.of(orchestratorArn, strangerFunction)) {
      sm.add(
          new IamSimulator.Case(
              prefix + n[0]++, smPolicies, "lambda:InvokeFunction", other, false));
    }
    sm.add(
        new IamSimulator.Case(
            prefix + n[0]++, smPolicies, "states:StartExecution", machineArn, false));
    groups.put(
        "state machine role "
            + smRole
            + ": invokes the "
            + called.size()
            + " ARNs its definition calls and no other function",
        sm);

    // The orchestrator: starts exactly its machine, the way its type needs, reads only its
    // executions.
    String orchestratorRole = t.roleOf(orchestrator);
    List<JsonNode> op = t.rolePolicies(orchestratorRole);
    List<IamSimulator.Case> oc = new ArrayList<>();
    String start = express ? "states:StartSyncExecution" : "states:StartExecution";
    String otherStart = express ? "states:StartExecution" : "states:StartSyncExecution";
    String otherMachine = DeployedTemplate.arn("states", "stateMachine:" + machineName + "-other");
    oc.add(new IamSimulator.Case(prefix + n[0]++, op, start, machineArn, true));
    oc.add(new IamSimulator.Case(prefix + n[0]++, op, otherStart, machineArn, false));
    oc.add(new IamSimulator.Case(prefix + n[0]++, op, start, otherMachine, false));
    oc.add(
        new IamSimulator.Case(
            prefix + n[0]++,
            op,
            "states:DescribeExecution",
            DeployedTemplate.arn("states", "execution:" + machineName + ":3b7f0c7e"),
            !express));
    oc.add(
        new IamSimulator.Case(
            prefix + n[0]++,
            op,
            "states:DescribeExecution",
            DeployedTemplate.arn("states", "execution:" + machineName + "-other:3b7f0c7e"),
            false));
    oc.add(new IamSimulator.Case(prefix + n[0]++, op, "lambda:InvokeFunction", proxy1Arn, false));
    groups.put(
        "orchestrator role "
            + orchestratorRole
            + ": "
            + start
            + " on exactly its machine"
            + (express ? ", describes nothing" : ", describes only its executions"),
        oc);

    // The caller policy of docs/security.md, for an AWS_IAM Function URL.
    String auth = t.properties(t.ofType("AWS::Lambda::Url").get(0)).path("AuthType").asText();
    if ("AWS_IAM".equals(auth)) {
      List<JsonNode> caller = List.of(callerPolicy(t.workflow().name()));
      List<IamSimulator.Case> cc = new ArrayList<>();
      cc.add(
          new IamSimulator.Case(
              prefix + n[0]++,
              caller,
              "lambda:InvokeFunctionUrl",
              orchestratorArn,
              Map.of("lambda:FunctionUrlAuthType", "AWS_IAM"),
              true));
      cc.add(
          new IamSimulator.Case(
              prefix + n[0]++,
              caller,
              "lambda:InvokeFunction",
              orchestratorArn,
              Map.of("lambda:InvokedViaFunctionUrl", "true"),
              true));
      cc.add(
          new IamSimulator.Case(
              prefix + n[0]++, caller, "lambda:InvokeFunction", orchestratorArn, false));
      cc.add(
          new IamSimulator.Case(
              prefix + n[0]++,
              caller,
              "lambda:InvokeFunctionUrl",
              proxy1Arn,
              Map.of("lambda:FunctionUrlAuthType", "AWS_IAM"),
              false));
      cc.add(
          new IamSimulator.Case(
              prefix + n[0]++,
              caller,
              "lambda:InvokeFunction",
              proxy1Arn,
              Map.of("lambda:InvokedViaFunctionUrl", "true"),
              false));
      groups.put(
          "caller policy of docs/security.md: the URL's function through its URL, nothing more",
          cc);
    }
    return groups;
  }

  /**
   * The ARNs the configured secret can really have: Secrets Manager appends six random characters
   * to the name; an ARN that already ends like that may be complete (then it is the real ARN
   * itself).
   */
  static List<String> realSecretArns(String configured) {
    List<String> arns = new ArrayList<>();
    arns.add(configured + SUFFIX);
    if (configured.matches(".*-[A-Za-z0-9]{6}")) {
      arns.add(configured);
    }
    return arns;
  }

  private static String arnOf(DeployedTemplate t, String function) {
    return t.resolve(
            JSON.getNodeFactory()
                .objectNode()
                .set("Fn::GetAtt", JSON.createArrayNode().add(function).add("Arn")))
        .asText();
  }

  /** The first JSON block of docs/security.md, with the placeholders a reader replaces. */
  static JsonNode callerPolicy(String workflowName) {
    Path doc = Path.of(System.getProperty("ratelimit.docs.dir", "../docs")).resolve("security.md");
    try {
      Matcher m = JSON_BLOCK.matcher(Files.readString(doc));
      assertThat(m.find()).as("a ```json block in " + doc).isTrue();
      return JSON.readTree(
          m.group(1)
              .replace("REGION", MotoServer.REGION)
              .replace("ACCOUNT", MotoServer.ACCOUNT)
              .replace("WORKFLOW", workflowName));
    } catch (IOException e) {
      throw new AssertionError("cannot read the caller policy in " + doc, e);
    }
  }

  @AfterAll
  static void summary() {
    System.out.printf(
        "%n[conformance] ===== IAM policies (iam-simulate %s) =====%n"
            + "[conformance] %d of %d decisions as the gateway's contract says, on %d templates%n",
        NodeTools.version(NodeTools.IAM_SIMULATE),
        AS_EXPECTED.get(),
        DECISIONS.get(),
        TEMPLATES.get());
  }
}
