import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ratelimit.runtime.proxy.ProxyHandler;
import dev.ratelimit.runtime.proxy.ProxyRequest;
import dev.ratelimit.runtime.proxy.ProxyResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cold start of the proxy, as the Lambda Java runtime does it: the handler built with its no-argument
 * constructor (configuration from the environment: RATELIMIT_TARGET_URL points at a local upstream), then
 * the payload deserialized and the result serialized with the runtime's own serializer around one
 * handleRequest with a context. With {@code prime}, the handler's SnapStart hooks run first (beforeCheckpoint's
 * priming against loopback, then afterRestore), as a snapshot would hold them. Prints {@link ColdStart}'s line.
 *
 * Usage: RATELIMIT_TARGET_URL=http://127.0.0.1:PORT/vendor \
 *        java -cp <proxy jar>:<aws-lambda-java-core>:<serialization jar>:<driver classes> ProxyColdInit <payload.json> [prime]
 * (aws-lambda-java-core: the runtime's own copy, which the proxy jar does not ship.)
 */
public class ProxyColdInit {
    public static void main(String[] args) throws Exception {
        ColdStart clock = new ColdStart();
        byte[] payload = Files.readAllBytes(Path.of(args[0]));
        ProxyHandler handler = new ProxyHandler();
        if (args.length > 1 && args[1].equals("prime")) {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }
        clock.ready();
        ProxyRequest request = JacksonFactory.getInstance().getSerializer(ProxyRequest.class)
                .fromJson(new ByteArrayInputStream(payload));
        ProxyResult result = handler.handleRequest(request, new BenchContext("bench-proxy", 15_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(ProxyResult.class).toJson(result, out);
        clock.answered();
        if (result.getStatusCode() != 200) {
            throw new IllegalStateException("unexpected result " + out);
        }
    }
}
