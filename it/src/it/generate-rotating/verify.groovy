import groovy.json.JsonSlurper

def definition = new JsonSlurper().parse(new File(basedir, 'target/ratelimit/rotating.asl.json'))
def route = definition.States.ChooseStartProxy.Parameters.route
assert route.'start.$' == 'States.MathRandom(0, 2)'
// 2 proxies + 5 attempts: the proxy list repeated, so start + attempt - 1 never wraps.
assert route.functions == ['${Proxy1.Arn}', '${Proxy2.Arn}'] * 3 + ['${Proxy1.Arn}']
assert definition.States.Attempt5.Parameters.'FunctionName.$' ==
    'States.ArrayGetItem($.route.functions, States.MathAdd($.route.start, 4))'
(1..4).each { assert definition.States."Wait${it}".SecondsPath == '$.last.waitSeconds' }

def yaml = new File(basedir, 'target/ratelimit/rotating.template.yaml').text
assert yaml.count('FunctionName: rotating-proxy-') == 2
assert yaml.contains('RATELIMIT_BACKOFF_INITIAL_DELAY_SECONDS: "0"')
assert yaml.contains('RATELIMIT_HONOR_RETRY_AFTER: "false"')
return true
