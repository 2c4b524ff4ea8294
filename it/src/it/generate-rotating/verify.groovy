import groovy.json.JsonSlurper

def definition = new JsonSlurper().parse(new File(basedir, 'target/ratelimit/rotating.asl.json'))
def route = definition.States.ChooseStartProxy.Parameters.route
assert route.'start.$' == 'States.MathRandom(0, 2)'
// 2 proxies + 5 attempts: the proxy list repeated, so start + attempt - 1 never wraps. SnapStart
// (the default): each entry is the Ref of that proxy's published version.
def versions = (1..2).collect { n -> route.functions[n - 1] }
versions.eachWithIndex { v, i -> assert v ==~ /\$\{Proxy${i + 1}Version[0-9A-F]{10}\}/ }
assert route.functions == versions * 3 + [versions[0]]
assert definition.States.Attempt5.Parameters.'FunctionName.$' ==
    'States.ArrayGetItem($.route.functions, States.MathAdd($.route.start, 4))'
(1..4).each { assert definition.States."Wait${it}".SecondsPath == '$.last.waitSeconds' }

def yaml = new File(basedir, 'target/ratelimit/rotating.template.yaml').text
assert yaml.count('FunctionName: rotating-proxy-') == 2
versions.each { assert yaml.contains(it.substring(2, it.length() - 1) + ':\n    Type: AWS::Lambda::Version') }
assert yaml.contains('RATELIMIT_BACKOFF_INITIAL_DELAY_SECONDS: "0"')
assert yaml.contains('RATELIMIT_HONOR_RETRY_AFTER: "false"')
return true
