// The gateway of bench/generate-project written by hand with the AWS CDK (aws-cdk-lib v2), for
// bench/generate-time.sh: 3 proxy functions with their log groups, the state machine (the definition
// ratelimit:generate wrote, as a string with the proxies' version ARNs substituted), the orchestrator
// with its log group, a published version and alias behind a Function URL, SnapStart on every function.
const fs = require('fs');
const cdk = require('aws-cdk-lib');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');
const sfn = require('aws-cdk-lib/aws-stepfunctions');

const app = new cdk.App();
const stack = new cdk.Stack(app, 'bench');
const bucket = s3.Bucket.fromBucketName(stack, 'Artifacts',
  new cdk.CfnParameter(stack, 'ArtifactBucket').valueAsString);
const proxyKey = new cdk.CfnParameter(stack, 'ProxyCodeKey').valueAsString;
const orchestratorKey = new cdk.CfnParameter(stack, 'OrchestratorCodeKey').valueAsString;

function fn(id, name, handler, key, timeout, env) {
  const logGroup = new logs.LogGroup(stack, id + 'LogGroup', {
    logGroupName: '/aws/lambda/' + name, retention: logs.RetentionDays.TWO_WEEKS });
  return new lambda.Function(stack, id, {
    functionName: name, runtime: lambda.Runtime.JAVA_21, architecture: lambda.Architecture.ARM_64,
    handler, memorySize: 512, timeout: cdk.Duration.seconds(timeout),
    code: lambda.Code.fromBucket(bucket, key), environment: env, logGroup,
    loggingFormat: lambda.LoggingFormat.JSON, snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,
  });
}

const proxies = [];
for (let i = 1; i <= 3; i++) {
  proxies.push(fn('Proxy' + i, 'bench-proxy-' + i, 'dev.ratelimit.runtime.proxy.ProxyHandler::handleRequest',
    proxyKey, 15, {
      RATELIMIT_TARGET_URL: 'https://api.vendor.example', RATELIMIT_REQUEST_TIMEOUT_SECONDS: '10',
      RATELIMIT_MAX_RESPONSE_BYTES: '200000', RATELIMIT_SUCCESS_ON: '200-299',
      RATELIMIT_RETRY_ON: '429,500,502,503,504', RATELIMIT_BACKOFF_INITIAL_DELAY_SECONDS: '1',
      RATELIMIT_BACKOFF_MULTIPLIER: '2.0', RATELIMIT_BACKOFF_MAX_DELAY_SECONDS: '30',
      RATELIMIT_BACKOFF_JITTER: 'FULL', RATELIMIT_HONOR_RETRY_AFTER: 'true',
      RATELIMIT_MAX_RETRY_AFTER_SECONDS: '60',
    }));
}

const definition = fs.readFileSync(process.env.BENCH_ASL, 'utf8').replace(
  /\$\{Proxy(\d+)(?:\.Arn|Version[0-9A-F]+)\}/g, (_, n) => '${Proxy' + n + '}');
const substitutions = {};
proxies.forEach((p, i) => { substitutions['Proxy' + (i + 1)] = p.currentVersion.functionArn; });
const machine = new sfn.StateMachine(stack, 'StateMachine', {
  stateMachineName: 'bench', stateMachineType: sfn.StateMachineType.EXPRESS,
  definitionBody: sfn.DefinitionBody.fromString(definition), definitionSubstitutions: substitutions,
  logs: { destination: new logs.LogGroup(stack, 'StateMachineLogGroup', {
    logGroupName: '/aws/vendedlogs/states/bench', retention: logs.RetentionDays.TWO_WEEKS }),
    level: sfn.LogLevel.ERROR, includeExecutionData: false },
});
proxies.forEach(p => p.currentVersion.grantInvoke(machine));

const orchestrator = fn('Orchestrator', 'bench-orchestrator',
  'dev.ratelimit.runtime.orchestrator.OrchestratorHandler::handleRequest', orchestratorKey, 274, {
    RATELIMIT_STATE_MACHINE_ARN: machine.stateMachineArn, RATELIMIT_WORKFLOW_TYPE: 'EXPRESS',
  });
machine.grantStartSyncExecution(orchestrator);
const alias = new lambda.Alias(stack, 'OrchestratorLiveAlias', {
  aliasName: 'live', version: orchestrator.currentVersion });
const url = alias.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
new cdk.CfnOutput(stack, 'FunctionUrl', { value: url.url });
app.synth();
