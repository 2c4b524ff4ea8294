def log = new File(basedir, 'build.log').text
assert log.contains("Invalid <workflowType> 'EXPRESS': an Express workflow ends after 300 s, but the worst case is 8 attempts × (15 s proxy timeout × 3 tries + 3 s retry intervals) + waits 60 + 60 + 60 + 60 + 60 + 60 + 60 s = 804 s")
assert log.contains('Example: <workflowType>STANDARD</workflowType>')
return true
