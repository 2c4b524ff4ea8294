import groovy.json.JsonSlurper

def out = new File(basedir, 'target/ratelimit')
['vendor-gateway.asl.json', 'vendor-gateway.template.yaml', 'vendor-gateway-simulation.json',
 'vendor-gateway-simulation.html', 'vendor-gateway.svg', 'vendor-gateway.mmd'].each {
  assert new File(out, it).isFile() : "missing ${it}"
}

def log = new File(basedir, 'build.log').text
// e.g. "Simulation: 30 requests: 30 succeeded, 0 failed; 34 upstream calls, 1.13 per success; ..."
assert log =~ /Simulation: 30 requests: \d+ succeeded, \d+ failed.*; \d+ upstream calls, [\d.]+ per success; latency p50 .*, p95 .*, max .*; waited .* in all; took /
assert log.contains('simulated 30/30 requests')
assert log.contains('mock saw 127.0.0.2')

def run = new JsonSlurper().parse(new File(out, 'vendor-gateway-simulation.json'))
assert run.workflowName == 'vendor-gateway'
assert run.settings.requests == '30'
assert run.settings.ratePerSecondPerSource == '5'
assert run.requests.size() == 30
assert run.summary.requests == 30
def html = new File(out, 'vendor-gateway-simulation.html').text
assert html.contains('30 requests:')
assert !html.contains('http://') && !html.contains('https://') : 'the report is self-contained'
assert html.count('<svg') >= 3
// the dashboard's figures, from the EMF lines the in-process proxies wrote
assert html.contains('Metrics, as on the dashboard')
assert html =~ /<td>Caller answers<\/td><td>Requests Sum<\/td><td>30<\/td>/
assert html.contains('vendor-gateway-proxy-1')
return true
