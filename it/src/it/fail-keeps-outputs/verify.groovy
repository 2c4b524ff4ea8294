def log = new File(basedir, 'build.log').text
assert log.contains("Invalid <targetUrl> 'http://api.vendor.example': must use https; plain http is accepted only with <allowInsecureHttp>true")
assert new File(basedir, 'target/ratelimit/kept.asl.json').text == '{"earlier": true}\n'
assert new File(basedir, 'target/ratelimit').list().toList() == ['kept.asl.json']
return true
