def log = new File(basedir, 'build.log').text
assert log.contains("Invalid <backoff><multiplier> '0.5': must be from 1.0 (constant waits) to 10.0. Example: <backoff><multiplier>2.0</multiplier></backoff>")
assert !log.contains('\tat dev.ratelimit') : 'no stack trace'
assert !new File(basedir, 'target/ratelimit').exists() : 'nothing written'
return true
