package dev.ratelimit.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ratelimit.runtime.contract.HeaderRules;
import dev.ratelimit.runtime.contract.WorkflowType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkflowSpecTest {

  private static WorkflowSpec.Builder valid() {
    return WorkflowSpec.builder().workflowName("gw").targetUrl("https://api.vendor.example/v1");
  }

  @Test
  void defaultsAreTheSpecDefaults() {
    WorkflowSpec spec = valid().build();
    assertThat(spec.proxies()).isEqualTo(3);
    assertThat(spec.maxAttempts()).isEqualTo(3);
    assertThat(spec.retryOn()).hasToString("429,500,502-504");
    assertThat(spec.successOn()).hasToString("200-299");
    assertThat(spec.retryOnNetworkErrors()).isTrue();
    assertThat(spec.retryNonIdempotent()).isFalse();
    assertThat(spec.backoff()).isEqualTo(new BackoffPolicy(1, 2.0, 30, Jitter.FULL));
    assertThat(spec.honorRetryAfter()).isTrue();
    assertThat(spec.maxRetryAfterSeconds()).isEqualTo(60);
    assertThat(spec.workflowType()).isEqualTo(WorkflowType.EXPRESS);
    assertThat(spec.requestTimeoutSeconds()).isEqualTo(10);
    assertThat(spec.maxResponseBytes()).isEqualTo(200_000);
    assertThat(spec.forwardHeaders()).isEqualTo(HeaderRules.DEFAULT_FORWARD);
    assertThat(spec.lambdaRuntime()).isEqualTo(LambdaRuntime.JAVA21);
    assertThat(spec.architecture()).isEqualTo(Architecture.ARM64);
    assertThat(spec.memorySize()).isEqualTo(512);
    assertThat(spec.reservedConcurrency()).isNull();
    assertThat(spec.permissionsBoundary()).isNull();
    assertThat(spec.logRetentionDays()).isEqualTo(14);
    assertThat(spec.tracing()).isFalse();
    assertThat(spec.tags()).isEmpty();
    assertThat(spec.templateFormat()).isEqualTo(TemplateFormat.YAML);
    assertThat(spec.functionUrlAuth()).isEqualTo(FunctionUrlAuth.AWS_IAM);
    assertThat(spec.apiKeySecretArn()).isNull();
    assertThat(spec.hasApiKey()).isFalse();
    assertThat(spec.targetUrl()).hasToString("https://api.vendor.example/v1");
  }

  @Test
  void maxAttemptsFollowsProxiesUnlessSet() {
    assertThat(valid().proxies(7).workflowType("STANDARD").build().maxAttempts()).isEqualTo(7);
    // one or two proxies still get two retries
    assertThat(valid().proxies(1).build().maxAttempts()).isEqualTo(3);
    assertThat(valid().proxies(2).build().maxAttempts()).isEqualTo(3);
    assertThat(valid().proxies(2).maxAttempts(5).workflowType("STANDARD").build().maxAttempts())
        .isEqualTo(5);
  }

  @Test
  void normalizesWhatUsersWriteLoosely() {
    WorkflowSpec spec =
        valid()
            .targetUrl("https://api.vendor.example/v1/")
            .retryOn("503, 429,500-502")
            .forwardHeaders(List.of("X-Request-Id", "Accept", "accept"))
            .workflowType("standard")
            .backoffJitter("none")
            .lambdaRuntime("JAVA25")
            .build();
    assertThat(spec.targetUrl()).hasToString("https://api.vendor.example/v1");
    assertThat(spec.retryOn()).hasToString("429,500-503");
    assertThat(spec.forwardHeaders()).containsExactly("accept", "x-request-id");
    assertThat(spec.workflowType()).isEqualTo(WorkflowType.STANDARD);
    assertThat(spec.backoff().jitter()).isEqualTo(Jitter.NONE);
    assertThat(spec.lambdaRuntime()).isEqualTo(LambdaRuntime.JAVA25);
  }

  @Test
  void plainHttpOnlyWhenAskedFor() {
    assertThat(
            valid().targetUrl("http://127.0.0.1:8080").allowInsecureHttp(true).build().targetUrl())
        .hasToString("http://127.0.0.1:8080");
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        rule("workflowName", b -> b.workflowName(null), "(not set)"),
        rule("workflowName", b -> b.workflowName("1abc"), "must start with a letter"),
        rule("workflowName", b -> b.workflowName("a".repeat(41)), "1 to 40"),
        rule("workflowName", b -> b.workflowName("under_score"), "letters, digits or hyphens"),
        rule("targetUrl", b -> b.targetUrl(null), "is required"),
        rule("targetUrl", b -> b.targetUrl("api.vendor.example"), "absolute URL"),
        rule("targetUrl", b -> b.targetUrl("http://api.vendor.example"), "allowInsecureHttp"),
        rule("targetUrl", b -> b.targetUrl("ftp://api.vendor.example"), "must use https"),
        rule(
            "targetUrl", b -> b.targetUrl("https://u:p@api.vendor.example"), "without credentials"),
        rule("targetUrl", b -> b.targetUrl("https://api.vendor.example/?k=1"), "query"),
        rule("targetUrl", b -> b.targetUrl("https://api vendor"), "not a valid URL"),
        rule("proxies", b -> b.proxies(0), "from 1 to 50"),
        rule("proxies", b -> b.proxies(51), "from 1 to 50"),
        rule("maxAttempts", b -> b.maxAttempts(0), "from 1 to 100"),
        rule("maxAttempts", b -> b.maxAttempts(101).workflowType("STANDARD"), "from 1 to 100"),
        rule("retryOn", b -> b.retryOn("429,abc"), "'abc' is neither"),
        rule("retryOn", b -> b.retryOn("600"), "within 100-599"),
        rule("retryOn", b -> b.retryOn("504-500"), "lower bound first"),
        rule("retryOn", b -> b.retryOn(" "), "at least one"),
        rule("retryOn", b -> b.retryOn("200,429"), "overlaps successOn"),
        rule("successOn", b -> b.successOn("2xx"), "neither a status"),
        rule(
            "backoff.initialDelaySeconds", b -> b.backoffInitialDelaySeconds(-1), "from 0 to 3600"),
        rule("backoff.multiplier", b -> b.backoffMultiplier(0.5), "from 1.0"),
        rule("backoff.multiplier", b -> b.backoffMultiplier(Double.NaN), "from 1.0"),
        rule(
            "backoff.maxDelaySeconds",
            b -> b.backoffInitialDelaySeconds(20).backoffMaxDelaySeconds(10),
            "at least <backoff><initialDelaySeconds> (20)"),
        rule("backoff.jitter", b -> b.backoffJitter("HALF"), "one of FULL, NONE"),
        rule("maxRetryAfterSeconds", b -> b.maxRetryAfterSeconds(-5), "from 0 to 3600"),
        rule("workflowType", b -> b.workflowType("SYNC"), "one of EXPRESS, STANDARD"),
        rule(
            "requestTimeoutSeconds",
            b -> b.requestTimeoutSeconds(276),
            "not even one attempt fits"),
        rule("requestTimeoutSeconds", b -> b.deadlineSeconds(10), "not even one attempt fits"),
        rule("deadlineSeconds", b -> b.deadlineSeconds(281), "from 1 to 280"),
        rule(
            "deadlineSeconds",
            b -> b.deadlineSeconds(0).workflowType("STANDARD"),
            "from 1 to 86400"),
        rule(
            "deadlineSeconds",
            b -> b.deadlineSeconds(5).requestTimeoutSeconds(1),
            "not even one attempt fits"),
        rule(
            "forwardHeaders",
            b -> b.forwardHeaders(List.of("x-ratelimit-timeout")),
            "never forwarded"),
        rule("requestTimeoutSeconds", b -> b.requestTimeoutSeconds(0), "from 1 to 895"),
        rule(
            "requestTimeoutSeconds",
            b -> b.requestTimeoutSeconds(896).workflowType("STANDARD"),
            "from 1 to 895"),
        rule("maxResponseBytes", b -> b.maxResponseBytes(262_144), "from 1024 to"),
        rule("maxResponseBytes", b -> b.maxResponseBytes(10), "from 1024 to"),
        rule("forwardHeaders", b -> b.forwardHeaders(List.of("Authorization")), "never forwarded"),
        rule("forwardHeaders", b -> b.forwardHeaders(List.of("X-Amz-Date")), "never forwarded"),
        rule(
            "forwardHeaders", b -> b.forwardHeaders(List.of("x-forwarded-for")), "never forwarded"),
        rule("forwardHeaders", b -> b.forwardHeaders(List.of("bad header")), "not an HTTP header"),
        // the proxy refuses these too (HeaderRules): before, they passed generate and failed per
        // call
        rule("forwardHeaders", b -> b.forwardHeaders(List.of("Forwarded")), "the proxy never sets"),
        rule("forwardHeaders", b -> b.forwardHeaders(List.of("proxy-connection")), "hop-by-hop"),
        rule(
            "forwardHeaders",
            b -> b.forwardHeaders(List.of("via")),
            "never forwarded: the proxy never sets"),
        // method and URL overrides would turn a retried GET into a vendor-side DELETE, or leave the
        // path prefix
        rule(
            "forwardHeaders",
            b -> b.forwardHeaders(List.of("X-HTTP-Method-Override")),
            "method or URL override"),
        rule(
            "forwardHeaders",
            b -> b.forwardHeaders(List.of("x-original-url")),
            "method or URL override"),
        rule(
            "forwardHeaders", b -> b.forwardHeaders(List.of("Cookie")), "only with forwardCookies"),
        rule("lambdaRuntime", b -> b.lambdaRuntime("java17"), "AWS blocks creating java17"),
        rule("lambdaRuntime", b -> b.lambdaRuntime("python3.12"), "java21 or java25"),
        rule("architecture", b -> b.architecture("sparc"), "arm64 or x86_64"),
        rule("memorySize", b -> b.memorySize(64), "from 128 to 10240"),
        rule("memorySize", b -> b.memorySize(10_241), "from 128 to 10240"),
        rule("reservedConcurrency", b -> b.reservedConcurrency(0), "from 1"),
        rule(
            "orchestratorReservedConcurrency",
            b -> b.orchestratorReservedConcurrency(0),
            "from 1 to 1000"),
        rule(
            "orchestratorReservedConcurrency",
            b -> b.orchestratorReservedConcurrency(1001),
            "from 1 to 1000"),
        rule("permissionsBoundary", b -> b.permissionsBoundary("team-boundary"), "ARN of an IAM"),
        rule("logRetentionDays", b -> b.logRetentionDays(10), "CloudWatch Logs accepts only"),
        rule("tags", b -> b.tags(Map.of("aws:owner", "x")), "does not start with aws:"),
        rule("tags", b -> b.tags(Map.of("ratelimit:workflow", "x")), "set by the plugin"),
        rule("tags", b -> b.tags(Map.of("team", "x".repeat(257))), "1-256"),
        rule("tags", b -> b.tags(Map.of("team", "")), "refuses a stack tag without a value"),
        rule("tags", b -> b.tags(Map.of("k".repeat(129), "x")), "1-128"),
        rule("tags", b -> b.tags(manyTags(50)), "at most 49"),
        rule("templateFormat", b -> b.templateFormat("XML"), "one of YAML, JSON"),
        rule("functionUrlAuth", b -> b.functionUrlAuth("PUBLIC"), "one of AWS_IAM, NONE"),
        rule("apiKeySecretArn", b -> b.apiKeyHeader("x-api-key"), "is required too"),
        rule(
            "apiKeySecretArn",
            b -> b.apiKeySecretArn("vendor-key").apiKeyHeader("x-api-key"),
            "ARN of a Secrets Manager secret"),
        rule(
            "apiKeyHeader",
            b -> b.apiKeySecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:k"),
            "is required too"),
        rule(
            "apiKeyHeader",
            b ->
                b.apiKeySecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:k")
                    .apiKeyHeader("Host"),
            "the proxy never sets"),
        rule(
            "apiKeyHeader",
            b ->
                b.apiKeySecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:k")
                    .apiKeyHeader("Proxy-Authorization"),
            "the proxy never sets"),
        rule(
            "apiKeyHeader",
            b ->
                b.apiKeySecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:k")
                    .apiKeyHeader("X-Forwarded-User"),
            "the proxy never sets"),
        rule(
            "apiKeyHeader",
            b ->
                b.apiKeySecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:k")
                    .apiKeyHeader("forwarded"),
            "the proxy never sets"),
        rule("egress", b -> b.egress("VPC"), "one of SHARED, STATIC_IPS, SUBNETS"),
        rule(
            "subnetIds",
            b -> b.egress("STATIC_IPS").subnetIds(List.of(SUBNET_A)),
            "only with <egress>SUBNETS</egress>"),
        rule(
            "securityGroupIds",
            b -> b.securityGroupIds(List.of(GROUP)),
            "only with <egress>SUBNETS</egress>"),
        rule(
            "subnetIds",
            b ->
                b.egress("SUBNETS")
                    .subnetIds(List.of(SUBNET_A, SUBNET_B))
                    .securityGroupIds(List.of(GROUP)),
            "3 proxies, 2 subnets given"),
        rule(
            "subnetIds",
            b ->
                b.egress("SUBNETS")
                    .subnetIds(List.of(SUBNET_A, SUBNET_B, SUBNET_A))
                    .securityGroupIds(List.of(GROUP)),
            "appears twice"),
        rule(
            "subnetIds",
            b ->
                b.egress("SUBNETS")
                    .subnetIds(List.of(SUBNET_A, SUBNET_B, "sub-1"))
                    .securityGroupIds(List.of(GROUP)),
            "is not a subnet id"),
        rule(
            "securityGroupIds",
            b -> b.egress("SUBNETS").subnetIds(THREE_SUBNETS),
            "needs 1 to 5 security group ids"),
        rule(
            "securityGroupIds",
            b -> b.egress("SUBNETS").subnetIds(THREE_SUBNETS).securityGroupIds(List.of("default")),
            "is not a security group id"),
        rule("metricsNamespace", b -> b.metricsNamespace("AWS/Lambda"), "does not start with AWS/"),
        rule("metricsNamespace", b -> b.metricsNamespace("caf\u00e9"), "1 to 255 letters"),
        rule("alarms.topicArn", b -> b.alarmFailureRatePercent(2.0), "alarms are off until"),
        rule(
            "alarms.topicArn",
            b -> b.alarmTopicArn("gateway-alarms"),
            "ARN of a standard SNS topic"),
        rule("alarms.topicArn", b -> b.alarmTopicArn(TOPIC + ".fifo"), "FIFO"),
        rule("metrics", b -> b.alarmTopicArn(TOPIC).metrics(false), "metrics must stay on"),
        rule(
            "alarms.evaluationMinutes",
            b -> b.alarmTopicArn(TOPIC).alarmEvaluationMinutes(0),
            "from 1 to 1440"),
        rule(
            "alarms.failureRatePercent",
            b -> b.alarmTopicArn(TOPIC).alarmFailureRatePercent(100.0),
            "percentage"),
        rule(
            "alarms.throttleRatePercent",
            b -> b.alarmTopicArn(TOPIC).alarmThrottleRatePercent(-1.0),
            "percentage"),
        rule(
            "alarms.p95LatencyMillis",
            b -> b.alarmTopicArn(TOPIC).alarmP95LatencyMillis(0),
            "from 1 ms"));
  }

  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:gateway-alarms";

  @Test
  void metricsAreOnWithoutAlarmsByDefault() {
    Observability o = valid().build().observability();
    assertThat(o).isEqualTo(new Observability(true, "RateLimitGateway", null));
    assertThat(valid().metrics(false).build().observability().metrics()).isFalse();
    Observability.Alarms a =
        valid().alarmTopicArn(" " + TOPIC + " ").build().observability().alarms();
    assertThat(a).isEqualTo(new Observability.Alarms(TOPIC, 5, 5.0, 50.0, 10_000));
  }

  @Test
  void aTargetUrlWithCredentialsIsRefusedWithoutRepeatingThePassword() {
    for (String url :
        List.of(
            "https://u:s3cr3t-pw@api.vendor.example/v1",
            "https://u:s3cr3t-pw@api.vendor.example/v1?x=1",
            "https://u:s3cr3t-pw@api.vendor example")) {
      assertThatThrownBy(() -> valid().targetUrl(url).build())
          .as(url)
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("https://u:****@api.vendor")
          .hasMessageNotContaining("s3cr3t-pw");
    }
    assertThat(TargetUrl.maskCredentials("https://token-only@h.example/p"))
        .isEqualTo("https://****@h.example/p");
    assertThat(TargetUrl.maskCredentials("https://h.example/a@b"))
        .isEqualTo("https://h.example/a@b");
  }

  private static final String SUBNET_A = "subnet-0a1b2c3d4e5f60718";
  private static final String SUBNET_B = "subnet-0b2c3d4e";
  private static final String GROUP = "sg-0a1b2c3d4e5f60718";
  private static final List<String> THREE_SUBNETS = List.of(SUBNET_A, SUBNET_B, "subnet-0c2c3d4e");

  @Test
  void egressSubnetsTakesOneSubnetPerProxyFromAListOrACommaSeparatedProperty() {
    WorkflowSpec listed =
        valid().egress("subnets").subnetIds(THREE_SUBNETS).securityGroupIds(List.of(GROUP)).build();
    WorkflowSpec property =
        valid()
            .egress("SUBNETS")
            .subnetIds(List.of(String.join(", ", THREE_SUBNETS)))
            .securityGroupIds(List.of(GROUP))
            .build();
    assertThat(listed.egress()).isEqualTo(property.egress());
    assertThat(listed.egress().mode()).isEqualTo(Egress.SUBNETS);
    assertThat(listed.egress().subnetIds()).containsExactlyElementsOf(THREE_SUBNETS);
    assertThat(valid().build().egress().mode()).isEqualTo(Egress.SHARED);
    assertThat(valid().egress("STATIC_IPS").build().egress().inVpc()).isTrue();
  }

  private static Arguments rule(
      String parameter, UnaryOperator<WorkflowSpec.Builder> change, String ruleText) {
    return Arguments.of(parameter, change, ruleText);
  }

  private static Map<String, String> manyTags(int n) {
    Map<String, String> tags = new HashMap<>();
    for (int i = 0; i < n; i++) {
      tags.put("k" + i, "v");
    }
    return tags;
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("brokenRules")
  void everyBrokenRuleNamesParameterValueRuleAndExample(
      String parameter, UnaryOperator<WorkflowSpec.Builder> change, String ruleText) {
    // a nested parameter's path (backoff.multiplier) is shown as the POM nests it
    String[] path = parameter.split("\\.");
    String open = path.length == 1 ? "<" + parameter + ">" : "<" + path[0] + "><" + path[1] + ">";
    String close =
        path.length == 1 ? "</" + parameter + ">" : "</" + path[1] + "></" + path[0] + ">";
    assertThatThrownBy(() -> change.apply(valid()).build())
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo(parameter);
              assertThat(e.getMessage())
                  .startsWith("Invalid " + open + " ")
                  .contains(ruleText)
                  .contains(". Example: " + open + e.example() + close);
              assertThat(e.example()).isNotBlank();
            });
  }

  @Test
  void nestedParametersAreNamedAsThePomNestsThem() {
    assertThatThrownBy(() -> valid().backoffMultiplier(0.5).build())
        .hasMessage(
            "Invalid <backoff><multiplier> '0.5': must be from 1.0 (constant waits) to 10.0."
                + " Example: <backoff><multiplier>2.0</multiplier></backoff>");
    assertThatThrownBy(
            () -> valid().backoffInitialDelaySeconds(20).backoffMaxDelaySeconds(10).build())
        .hasMessage(
            "Invalid <backoff><maxDelaySeconds> '10': must be at least"
                + " <backoff><initialDelaySeconds> (20). Example:"
                + " <backoff><maxDelaySeconds>30</maxDelaySeconds></backoff>");
    assertThatThrownBy(() -> valid().alarmTopicArn(TOPIC).metrics(false).build())
        .hasMessage(
            "Invalid <metrics> 'false': alarms watch the gateway's metrics; with"
                + " <alarms><topicArn> set, metrics must stay on. Example: <metrics>true</metrics>");
    assertThatThrownBy(() -> valid().alarmTopicArn(TOPIC).alarmEvaluationMinutes(0).build())
        .hasMessage(
            "Invalid <alarms><evaluationMinutes> '0': must be from 1 to 1440 (a day of one-minute"
                + " periods). Example: <alarms><evaluationMinutes>5</evaluationMinutes></alarms>");
  }

  @Test
  void theBuilderWritesIntoTheElementBeansMavenFills() {
    BackoffSettings backoff = new BackoffSettings();
    backoff.setInitialDelaySeconds(0);
    AlarmSettings alarms = new AlarmSettings();
    alarms.setTopicArn(TOPIC);
    alarms.setP95LatencyMillis(2_000);
    WorkflowSpec spec = valid().backoff(backoff).backoffJitter("NONE").alarms(alarms).build();
    assertThat(spec.backoff()).isEqualTo(new BackoffPolicy(0, 2.0, 30, Jitter.NONE));
    assertThat(spec.observability().alarms())
        .isEqualTo(new Observability.Alarms(TOPIC, 5, 5.0, 50.0, 2_000));
    assertThat(valid().build().backoff()).isEqualTo(BackoffPolicy.DEFAULTS);
  }

  @Test
  void theExampleOfEachMessageIsItselfValid() {
    // The examples must be good advice: applying the single-value examples gives a valid spec.
    assertThat(
            valid()
                .proxies(5)
                .maxAttempts(6)
                .backoffMultiplier(2.0)
                .workflowType("STANDARD")
                .memorySize(512)
                .logRetentionDays(30)
                .lambdaRuntime("java21")
                .architecture("arm64")
                .retryOn("429,500-599")
                .build())
        .isNotNull();
  }

  @Test
  void anyProxiesAndAttemptsRunOnExpressWithDefaultTimings() {
    for (int proxies : new int[] {1, 4, 10, 50}) {
      for (int attempts : new int[] {1, 2, 3, 6, 50, 100}) {
        WorkflowSpec spec = valid().proxies(proxies).maxAttempts(attempts).build();
        assertThat(spec.deadlineSeconds()).isEqualTo(280);
        assertThat(spec.workflowTimeoutSeconds()).isLessThanOrEqualTo(300);
        assertThat(spec.deadlineCutsLateAttempts())
            .isEqualTo(spec.worstCase().totalSeconds() > 280);
      }
    }
    assertThat(valid().proxies(4).maxAttempts(6).build().deadlineCutsLateAttempts()).isTrue();
    assertThat(valid().build().deadlineCutsLateAttempts()).isFalse();
  }

  @Test
  void onlyWhatCanNeverRunIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> valid().requestTimeoutSeconds(276).build())
        .hasMessage(
            "Invalid <requestTimeoutSeconds> '276': not even one attempt fits: an Express"
                + " execution ends after 300 s, so its deadline is 280 s (20 s safety margin), but one"
                + " attempt may take 281 s (276 s + 5 s proxy margin); at most 275. Example:"
                + " <requestTimeoutSeconds>10</requestTimeoutSeconds>");
    assertThat(valid().requestTimeoutSeconds(275).build().workflowTimeoutSeconds()).isEqualTo(300);
  }

  @Test
  void theSameConfigurationIsFineAsStandard() {
    WorkflowSpec spec = valid().maxAttempts(8).workflowType("STANDARD").build();
    assertThat(spec.worstCase().totalSeconds()).isEqualTo(804);
  }

  @Test
  void worstCaseOfTheDefaultsFitsExpress() {
    WorstCase worst = valid().build().worstCase();
    assertThat(worst.totalSeconds()).isEqualTo(3 * (15 * 3 + 3) + 60 + 60);
    assertThat(worst.explain())
        .isEqualTo(
            "3 attempts × (15 s proxy timeout × 3 tries + 3 s retry"
                + " intervals) + waits 60 + 60 s = 264 s");
  }

  @Test
  void withoutRetryAfterTheWaitsAreTheBackoffCaps() {
    WorkflowSpec spec = valid().proxies(5).honorRetryAfter(false).build();
    // initial 1, multiplier 2, cap 30: 1, 2, 4, 8 after attempts 1-4.
    assertThat(spec.worstCase().waits()).containsExactly(1, 2, 4, 8);
  }

  @Test
  void responseLimitLeavesRoomForTheRouteTableAndRequest() {
    int max =
        AwsLimits.STATE_PAYLOAD_BYTES
            - WorkflowSpec.REQUEST_RESERVE_BYTES
            - RouteTable.estimatedStateBytes(50, 100);
    WorkflowSpec.Builder big = valid().proxies(50).maxAttempts(100).workflowType("STANDARD");
    assertThat(big.maxResponseBytes(max).build().maxResponseBytes()).isEqualTo(max);
    assertThatThrownBy(() -> big.maxResponseBytes(max + 1).build())
        .hasMessageContaining("must be from 1024 to " + max);
  }

  @Test
  void namesFitAwsLimits() {
    WorkflowSpec spec =
        valid()
            .workflowName("a".repeat(40))
            .proxies(50)
            .maxAttempts(50)
            .workflowType("STANDARD")
            .build();
    assertThat(spec.proxyFunctionName(50))
        .hasSizeLessThanOrEqualTo(AwsLimits.LAMBDA_FUNCTION_NAME_LENGTH);
    assertThat(spec.workflowName()).hasSizeLessThanOrEqualTo(AwsLimits.STATE_MACHINE_NAME_LENGTH);
  }

  @Test
  void aPublicUrlWithoutAnOrchestratorCapIsAWarning() {
    assertThat(valid().functionUrlAuth("NONE").build().unboundedOrchestratorWarning())
        .get(InstanceOfAssertFactories.STRING)
        .contains("functionUrlAuth is NONE", "<orchestratorReservedConcurrency>");
    assertThat(
            valid()
                .functionUrlAuth("NONE")
                .orchestratorReservedConcurrency(50)
                .build()
                .unboundedOrchestratorWarning())
        .isEmpty();
    assertThat(valid().build().unboundedOrchestratorWarning()).isEmpty();
    assertThat(
            valid().orchestratorReservedConcurrency(1000).build().orchestratorReservedConcurrency())
        .isEqualTo(1000);
  }

  @Test
  void reservedConcurrencyBeyondTheDefaultQuotaIsAWarningWithTheNumbers() {
    // 9 x 100 = 900 reserved + 100 unreserved = the default 1,000: fine.
    assertThat(
            valid().proxies(9).maxAttempts(3).reservedConcurrency(100).build().concurrencyWarning())
        .isEmpty();
    assertThat(valid().build().concurrencyWarning()).isEmpty();
    assertThat(
            valid()
                .proxies(10)
                .maxAttempts(3)
                .reservedConcurrency(100)
                .build()
                .concurrencyWarning())
        .get(InstanceOfAssertFactories.STRING)
        .contains("10 x 100 = 1000 reserved")
        .contains("at least 1100")
        .contains("default is 1000");
    // the orchestrator's reservation comes from the same pool
    assertThat(
            valid()
                .proxies(9)
                .maxAttempts(3)
                .reservedConcurrency(100)
                .orchestratorReservedConcurrency(50)
                .build()
                .concurrencyWarning())
        .get(InstanceOfAssertFactories.STRING)
        .contains("9 x 100 = 900, plus orchestratorReservedConcurrency 50: 950 reserved")
        .contains("at least 1050");
  }
}
