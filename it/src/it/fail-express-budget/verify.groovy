def log = new File(basedir, 'build.log').text
assert log.contains("Invalid <requestTimeoutSeconds> '290': not even one attempt fits: an Express execution ends after 300 s, so its deadline is 280 s (20 s safety margin), but one attempt may take 295 s (290 s + 5 s proxy margin); at most 275")
assert log.contains('Example: <requestTimeoutSeconds>10</requestTimeoutSeconds>')
assert !log.contains('maxAttempts') : 'maxAttempts 100 is no problem on EXPRESS'
assert !new File(basedir, 'target/ratelimit').exists() : 'nothing written'
return true
