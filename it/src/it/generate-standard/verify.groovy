import groovy.json.JsonSlurper

def out = new File(basedir, 'target/ratelimit')
assert !new File(out, 'orders-api.template.yaml').exists()
def template = new JsonSlurper().parse(new File(out, 'orders-api.template.json'))
def r = template.Resources
assert r.StateMachine.Properties.StateMachineType == 'STANDARD'
assert r.StateMachine.Properties.TracingConfiguration.Enabled == true
assert r.Proxy4.Properties.Architectures == ['x86_64']
assert r.Proxy4.Properties.Runtime == 'java25'
assert r.Proxy4.Properties.ReservedConcurrentExecutions == 5
assert r.Proxy4.Properties.Environment.Variables.RATELIMIT_FORWARD_HEADERS == 'accept,content-type,x-request-id'
assert r.Proxy4.Properties.Environment.Variables.RATELIMIT_RETRY_ON == '429,500-599'
assert r.ProxyRole.Properties.PermissionsBoundary == 'arn:aws:iam::123456789012:policy/team-boundary'
assert r.Proxy1LogGroup.Properties.RetentionInDays == 30
assert r.Proxy1.Properties.Tags.contains([Key: 'team', Value: 'payments'])
assert r.Proxy1.Properties.Tags.contains([Key: 'ratelimit:workflow', Value: 'orders-api'])
assert !r.containsKey('Proxy5')
assert r.Proxy4.Properties.Environment.Variables.RATELIMIT_METRICS_NAMESPACE == 'Payments/Gateways'
assert r.Dashboard.Type == 'AWS::CloudWatch::Dashboard'
assert r.FailureRateAlarm.Properties.AlarmActions == ['arn:aws:sns:us-east-1:123456789012:payments-oncall']
assert r.FailureRateAlarm.Properties.EvaluationPeriods == 10
assert r.Proxy4ThrottleRateAlarm.Properties.Threshold == 80
assert r.LatencyAlarm.Properties.Threshold == 60000

def asl = new File(out, 'orders-api.asl.json').text
assert r.StateMachine.Properties.DefinitionString.'Fn::Sub' == asl : 'template and .asl.json carry the same definition'
def definition = new JsonSlurper().parseText(asl)
assert definition.States.containsKey('Attempt12')
assert !asl.contains('$.request.method') : 'retryNonIdempotent: no method rule'
return true
