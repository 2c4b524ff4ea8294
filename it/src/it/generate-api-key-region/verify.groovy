// The grant matches the secret's real ARN (<name>-<6 random characters>); the proxy gets the ARN as given.
def yaml = new File(basedir, 'target/ratelimit/keyed-region.template.yaml').text
assert yaml.contains('RATELIMIT_API_KEY_SECRET_ARN: arn:aws:secretsmanager:eu-west-2:123456789012:secret:vendor-key')
assert yaml.contains('- arn:aws:secretsmanager:eu-west-2:123456789012:secret:vendor-key-??????')
return true
