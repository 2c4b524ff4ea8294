def log = new File(basedir, 'build.log').text
assert log.contains("Invalid <lambdaRuntime> 'java17': java17 is rejected: AWS blocks creating java17 functions since 2026-07-31; use java21 or java25. Example: <lambdaRuntime>java21</lambdaRuntime>")
assert !log.contains('\tat dev.ratelimit') : 'no stack trace'
assert !new File(basedir, 'target/ratelimit').exists() : 'nothing written'
return true
