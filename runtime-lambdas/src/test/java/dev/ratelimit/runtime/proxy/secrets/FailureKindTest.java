package dev.ratelimit.runtime.proxy.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Which of Secrets Manager's answers are an outage (a held key may still be served) and which are
 * its decision (the key is dropped): the codes are GetSecretValue's documented errors.
 */
class FailureKindTest {
  private static boolean transientFailure(int status, String code) {
    AwsServiceException e =
        AwsServiceException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
    return SecretsManagerApiKeySource.unavailable(e).transientFailure();
  }

  @Test
  void throttlingAndServerErrorsAreAnOutage() {
    assertThat(transientFailure(400, "ThrottlingException")).isTrue();
    assertThat(transientFailure(429, "TooManyRequestsException")).isTrue();
    assertThat(transientFailure(500, "InternalServiceError")).isTrue();
    assertThat(transientFailure(503, "ServiceUnavailable")).isTrue();
  }

  @Test
  void secretsManagersOwnNoIsADecision() {
    assertThat(transientFailure(400, "AccessDeniedException")).isFalse();
    assertThat(transientFailure(400, "ResourceNotFoundException")).isFalse();
    assertThat(transientFailure(400, "InvalidRequestException")).isFalse(); // marked for deletion
    assertThat(transientFailure(400, "DecryptionFailure")).isFalse(); // KMS key disabled
  }
}
