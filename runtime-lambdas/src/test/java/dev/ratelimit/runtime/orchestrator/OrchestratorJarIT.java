package dev.ratelimit.runtime.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's deployment jar alone (a class loader over that jar and the JDK only, as Lambda
 * sees it) answers a whole request: its SnapStart priming runs one through the handler, the SDK
 * client and a loopback "Step Functions". Catches classes the shade filters leave out (PathRules
 * was: every request then failed with NoClassDefFoundError).
 */
class OrchestratorJarIT {

  @Test
  void theJarAloneAnswersARequest() throws Exception {
    Path file =
        Path.of(
            System.getProperty(
                    "ratelimit.proxySecretsJar",
                    "target/runtime-lambdas-0.1.0-SNAPSHOT-proxy-secrets.jar")
                .replace("-proxy-secrets.jar", "-orchestrator.jar"));
    assertThat(file).as("run after package").isRegularFile();
    URL jar = file.toUri().toURL();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
      Class<?> config = loader.loadClass("dev.ratelimit.runtime.orchestrator.OrchestratorConfig");
      Object cfg =
          config
              .getMethod("fromEnvironment", Map.class)
              .invoke(
                  null,
                  Map.of(
                      "RATELIMIT_STATE_MACHINE_ARN",
                          "arn:aws:states:us-east-1:123456789012:stateMachine:jar",
                      "AWS_REGION", "us-east-1"));
      Class<?> handler = loader.loadClass("dev.ratelimit.runtime.orchestrator.OrchestratorHandler");
      Constructor<?> make = handler.getConstructor(config, URI.class);
      Object h =
          make.newInstance(
              cfg, URI.create("http://127.0.0.1:9")); // never called: priming uses loopback
      Method prime = handler.getDeclaredMethod("prime");
      prime.setAccessible(true);
      Object answer = prime.invoke(h);
      assertThat(answer.getClass().getMethod("getStatusCode").invoke(answer)).isEqualTo(200);
    }
  }
}
