def yaml = new File(basedir, 'target/ratelimit/public-gw.template.yaml').text
assert yaml.contains('AuthType: NONE')
assert yaml.contains('Action: lambda:InvokeFunctionUrl')
assert yaml.contains('FunctionUrlAuthType: NONE')
assert yaml.contains('Action: lambda:InvokeFunction\n')
assert yaml.contains('InvokedViaFunctionUrl: true')
def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] functionUrlAuth is NONE: anyone who learns the Function URL can call the vendor')
return true
