// Starts moto_server on 127.0.0.1 and a free port (SPEC §8), creates the artifact bucket, and hands the
// endpoint to the builds through test.properties (-Dratelimit.endpointUrl). verify.groovy stops it;
// `timeout` stops it too if a build fails before verify runs.
String port = String.valueOf(new ServerSocket(0).withCloseable { it.localPort })
def log = new File(basedir, 'moto_server.log')
def pb = new ProcessBuilder('timeout', '600', 'moto_server', '-H', '127.0.0.1', '-p', port)
    .redirectErrorStream(true).redirectOutput(log)
pb.environment().put('MOTO_PORT', port)
Process process
try {
  process = pb.start()
} catch (IOException e) {
  throw new IllegalStateException('moto_server could not be started: pip install "moto[server]"', e)
}
new File(basedir, 'moto.pid').text = "${process.pid()}"
def endpoint = "http://127.0.0.1:${port}"
def deadline = System.currentTimeMillis() + 60_000
while (true) {
  try {
    def c = new URL("${endpoint}/ratelimit-it-artifacts").openConnection()
    c.requestMethod = 'PUT'
    c.doOutput = true
    c.outputStream.close()
    assert c.responseCode == 200 : "CreateBucket answered ${c.responseCode}"
    break
  } catch (ConnectException e) {
    if (!process.alive || System.currentTimeMillis() > deadline) {
      throw new IllegalStateException("moto_server did not answer on ${endpoint}:\n${log.text}")
    }
    Thread.sleep(200)
  }
}
new File(basedir, 'test.properties').text = "ratelimit.endpointUrl=${endpoint}\n"
return true
