def out = new File(basedir, 'target/ratelimit')
['billing', 'search'].each { name ->
  assert new File(out, "${name}.asl.json").isFile()
  assert new File(out, "${name}.template.yaml").isFile()
  assert new File(out, "${name}-proxy.jar").isFile()
}
assert new File(out, 'search.template.yaml').text.count('FunctionName: search-proxy-') == 5
def asl = new File(out, 'search.asl.json').text
assert !asl.contains('"ConnectFailed"') : 'retryOnNetworkErrors=false: network errors are not retried'
def log = new File(basedir, 'build.log').text
assert log.contains('(billing)') && log.contains('(search)')
return true
