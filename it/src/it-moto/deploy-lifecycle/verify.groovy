try {
  def log = new File(basedir, 'build.log').text

  // 1: mvn deploy ran the bound execution and created stack moto-gw, with uploads, changes and events.
  assert log.contains('Deploying moto-gateway as stack moto-gw.')
  assert log =~ /Uploaded  s3:\/\/ratelimit-it-artifacts\/ratelimit\/moto-gateway\/[0-9a-f]{64}\/moto-gateway-proxy\.jar/
  assert log =~ /Add\s+Proxy3\s+AWS::Lambda::Function/
  assert log =~ /CREATE_IN_PROGRESS\s+AWS::CloudFormation::Stack\s+moto-gw\s+User Initiated/
  assert log =~ /CREATE_COMPLETE\s+AWS::CloudFormation::Stack\s+moto-gw/
  // moto 5.2.1 gives change-set stacks no Outputs (the stub tests cover printed outputs).
  assert log.contains('The stack reports no outputs.')
  assert log.contains('Stack moto-gw: created.')

  // 2: the same execution again: nothing to do, and the jars are not sent twice.
  assert log.contains('Unchanged s3://ratelimit-it-artifacts/ratelimit/moto-gateway/')
  assert log.contains('No changes: stack moto-gw is up to date')
  assert log.contains('Stack moto-gw: no changes.')

  // 3: the bare goal used the plugin-level configuration: stackName defaults to the workflow name.
  assert log.contains('Deploying moto-gateway as stack moto-gateway (dryRun).')
  assert log.contains('dryRun: change set ')
  assert log.contains('Stack moto-gateway: dry run, nothing changed.')

  // 4: teardown.
  assert log.contains('Stack moto-gw deleted.')
  assert !log.contains('[ERROR]')
  return true
} finally {
  def pid = new File(basedir, 'moto.pid')
  if (pid.isFile()) {
    ProcessHandle.of(pid.text.trim() as long).ifPresent { p ->
      p.descendants().each { it.destroy() }
      p.destroy()
    }
  }
}
