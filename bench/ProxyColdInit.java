import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import dev.ratelimit.runtime.proxy.ProxyRequest;
import dev.ratelimit.runtime.proxy.ProxyResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One cold start of the proxy, as the Lambda Java runtime does it: the handler built with its no-argument
 * constructor (configuration from the environment: RATELIMIT_TARGET_URL points at a local upstream), the
 * payload deserialized and the result serialized with the runtime's own serializer, one handleRequest with a
 * context. Prints the time from the JVM process start to that first answer, and to main, in ms.
 *
 * Usage: RATELIMIT_TARGET_URL=http://127.0.0.1:PORT/vendor \
 *        java -cp <proxy jar>:<serialization jar>:<driver classes> ProxyColdInit <payload.json>
 */
public class ProxyColdInit {
    public static void main(String[] args) throws Exception {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        long mainMs = Duration.between(jvmStart, Instant.now()).toMillis();
        byte[] payload = Files.readAllBytes(Path.of(args[0]));
        ProxyHandler handler = new ProxyHandler();
        ProxyRequest request = JacksonFactory.getInstance().getSerializer(ProxyRequest.class)
                .fromJson(new ByteArrayInputStream(payload));
        ProxyResult result = handler.handleRequest(request, new BenchContext("bench-proxy", 15_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(ProxyResult.class).toJson(result, out);
        long ms = Duration.between(jvmStart, Instant.now()).toMillis();
        if (result.getStatusCode() != 200) {
            throw new IllegalStateException("unexpected result " + out);
        }
        System.out.println("COLD_INIT_MS " + ms + " " + mainMs);
    }
}
