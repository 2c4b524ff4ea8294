def out = new File(basedir, 'target/ratelimit')
def log = new File(basedir, 'build.log').text

def statics = new File(out, 'static-six.template.yaml').text
(1..6).each { k ->
  assert statics.contains("Proxy${k}NatGateway:")
  assert statics.contains("Proxy${k}EgressIp:")
}
assert log.contains('[INFO] Egress STATIC_IPS: 6 NAT gateways and 6 Elastic IPs cost about $219.00 a month before traffic')
assert log.contains('[WARNING] Egress STATIC_IPS needs 6 Elastic IPs in the region, over the default quota of 5.')

def subnets = new File(out, 'own-subnets.template.yaml').text
assert !subnets.contains('AWS::EC2::')
assert subnets.contains('- subnet-0a1b2c3d4e5f60718')
assert subnets.contains('- subnet-0b2c3d4e5f6071829')
assert subnets.contains('- sg-0a1b2c3d4e5f60718')
assert log.contains('[INFO] Egress SUBNETS: proxy k runs in subnet k of [subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829]')
return true
