import groovy.json.JsonSlurper

def out = new File(basedir, 'target/ratelimit')
def asl = new File(out, 'vendor-gateway.asl.json')
def template = new File(out, 'vendor-gateway.template.yaml')
def jar = new File(out, 'vendor-gateway-proxy.jar')
def orchestratorJar = new File(out, 'vendor-gateway-orchestrator.jar')
[asl, template, jar, orchestratorJar].each { assert it.isFile() : "missing ${it}" }

def definition = new JsonSlurper().parse(asl)
assert definition.StartAt == 'ChooseStartProxy'
assert definition.States.keySet().containsAll(['Attempt1', 'Attempt2', 'Attempt3', 'Check3', 'Succeeded', 'UpstreamError'])
assert !definition.States.containsKey('Attempt4')
assert !definition.States.containsKey('Wait3') : 'no wait after the last attempt'
assert definition.States.ChooseStartProxy.Parameters.route.'start.$' == 'States.MathRandom(0, 3)'

def yaml = template.text
assert yaml.contains('Type: AWS::Lambda::Function')
assert yaml.count('FunctionName: vendor-gateway-proxy-') == 3
assert yaml.count('Type: AWS::Lambda::Function') == 4 : 'three proxies and the orchestrator'
assert yaml.contains('FunctionName: vendor-gateway-proxy-3')
assert yaml.contains('StateMachineType: EXPRESS')
assert yaml.contains('Runtime: java21')
assert !yaml.contains('RoleName') : 'roles stay unnamed'
assert yaml.contains('Type: AWS::Lambda::Url')
assert yaml.contains('AuthType: AWS_IAM')
assert !yaml.contains('AWS::Lambda::Permission') : 'no public permission by default'
assert yaml.contains('states:StartSyncExecution')

// The jar is the proxy Lambda, without an AWS SDK.
def names = new java.util.zip.ZipFile(jar).entries().collect { it.name }
assert names.contains('dev/ratelimit/runtime/proxy/ProxyHandler.class')
assert !names.any { it.startsWith('software/amazon/awssdk/') }

def log = new File(basedir, 'build.log').text
assert log.contains('Retry gateway vendor-gateway: 3 proxies, up to 3 attempts, EXPRESS workflow')
assert !log.contains('[WARNING] functionUrlAuth')
return true
