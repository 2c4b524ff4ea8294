import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def info = log.readLines().findAll { it.contains('late attempts are cut by the deadline') }
assert info.size() == 1 : 'exactly one [INFO] line about the deadline'
assert info[0].startsWith('[INFO] Worst case 100 attempts')
assert info[0].contains('exceeds the 280 s deadline')

def definition = new JsonSlurper().parse(new File(basedir, 'target/ratelimit/many-attempts.asl.json'))
assert definition.TimeoutSeconds == 300
assert definition.States.containsKey('Attempt100')
assert definition.States.Attempt1.Parameters.Payload.'executionStartTime.$' == '$$.Execution.StartTime'
def yaml = new File(basedir, 'target/ratelimit/many-attempts.template.yaml').text
assert yaml.count('RATELIMIT_DEADLINE_SECONDS: "280"') == 4
return true
