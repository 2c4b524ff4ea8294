package dev.ratelimit.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts the Lambda jars (and a template too large to send inline) into the artifact bucket under a
 * content-addressed key, {@code ratelimit/<workflowName>/<sha256>/<file>}: new content means a new
 * key, hence a changed template parameter and a function update; the same content is uploaded once.
 */
public final class ArtifactUploader {
  private final S3Client s3;
  private final DeployListener listener;

  public ArtifactUploader(S3Client s3, DeployListener listener) {
    this.s3 = s3;
    this.listener = listener;
  }

  /** The key a file is stored under. */
  public static String key(String workflowName, String fileName, byte[] content) {
    return "ratelimit/" + workflowName + "/" + sha256(content) + "/" + fileName;
  }

  /**
   * Fails with a message naming the bucket when it does not exist or this identity may not use it.
   */
  public void requireBucket(String bucket) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      throw missingBucket(bucket, e);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw missingBucket(bucket, e);
      }
      if (e.statusCode() == 403) {
        throw new DeployException(
            "Access to the artifact bucket '" + bucket + "' is denied (HTTP 403).",
            "Give the deploying identity s3:ListBucket, s3:GetObject and s3:PutObject on it (see"
                + " docs/deploying.md), or set <artifactBucket> to a bucket it may use.",
            e);
      }
      throw e;
    }
  }

  /** Uploads unless the key already exists; returns the key. */
  public String upload(String bucket, String workflowName, String fileName, byte[] content) {
    String key = key(workflowName, fileName, content);
    if (exists(bucket, key)) {
      listener.uploadSkipped(bucket, key);
      return key;
    }
    try {
      s3.putObject(
          p -> p.bucket(bucket).key(key).contentLength((long) content.length),
          RequestBody.fromBytes(content));
    } catch (NoSuchBucketException e) {
      throw missingBucket(bucket, e);
    }
    listener.uploaded(bucket, key, content.length);
    return key;
  }

  private boolean exists(String bucket, String key) {
    try {
      s3.headObject(h -> h.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private DeployException missingBucket(String bucket, Exception cause) {
    String region =
        s3.serviceClientConfiguration().region() == null
            ? "your region"
            : s3.serviceClientConfiguration().region().id();
    return new DeployException(
        "The artifact bucket '"
            + bucket
            + "' does not exist in "
            + region
            + " (or is not visible to this identity).",
        "Create it (aws s3 mb s3://"
            + bucket
            + " --region "
            + region
            + ") or set <artifactBucket>"
            + " (-Dratelimit.artifactBucket) to an existing bucket in the stack's region.",
        cause);
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
