// The grant matches the secret's real ARN (<name>-<6 random characters>); the proxy gets the ARN as given.
def yaml = new File(basedir, 'target/ratelimit/keyed-complete.template.yaml').text
assert yaml.contains('RATELIMIT_API_KEY_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor/api-key-AbC123')
assert yaml.contains('- arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor/api-key-AbC123\n')
assert yaml.contains('- arn:aws:secretsmanager:us-east-1:123456789012:secret:vendor/api-key-AbC123-??????')
return true
