def out = new File(basedir, 'target/ratelimit')
def yaml = new File(out, 'keyed.template.yaml').text
assert yaml.contains('RATELIMIT_API_KEY_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendor/api-key')
assert yaml.contains('RATELIMIT_API_KEY_HEADER: x-api-key')
assert yaml.contains('- secretsmanager:GetSecretValue')
assert yaml.contains('- arn:aws:secretsmanager:eu-west-1:123456789012:secret:vendor/api-key-??????')
assert !new File(out, 'keyed.asl.json').text.contains('secretsmanager')

// The proxy build with Secrets Manager support, and still no Step Functions client in it.
def names = new java.util.zip.ZipFile(new File(out, 'keyed-proxy.jar')).entries().collect { it.name }
assert names.contains('dev/ratelimit/runtime/proxy/secrets/SecretsManagerApiKeySource.class')
assert names.any { it.startsWith('software/amazon/awssdk/services/secretsmanager/') }
assert !names.any { it.startsWith('software/amazon/awssdk/services/sfn/') }
return true
