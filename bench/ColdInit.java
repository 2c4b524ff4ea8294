import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ratelimit.runtime.orchestrator.DefaultClientHandler;
import dev.ratelimit.runtime.orchestrator.FunctionUrlEvent;
import dev.ratelimit.runtime.orchestrator.FunctionUrlResponse;
import dev.ratelimit.runtime.orchestrator.OrchestratorConfig;
import dev.ratelimit.runtime.orchestrator.OrchestratorHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One cold start of the orchestrator, as the Lambda Java runtime does it: deserialize the Function URL event
 * with the runtime's own serializer, build the handler, answer (with a context), serialize the response.
 * Prints the time from the JVM process start to that first answer, and to main, in ms. Modes:
 * <ul>
 *   <li>{@code pojo}: the deployed handler (own event beans, the URL-connection HTTP client);</li>
 *   <li>{@code events}: the same handler behind aws-lambda-java-events' types and their serializer, the
 *       alternative the own beans were chosen over (needs the events and joda-time jars);</li>
 *   <li>{@code baseline}: own beans, but the Step Functions client with the SDK's default HTTP client
 *       ({@link DefaultClientHandler}; run against the bench-baseline jar).</li>
 * </ul>
 *
 * Usage: java -cp <driver classes>:<orchestrator jar>:<serialization jar>[:<events jar>:<joda-time jar>]
 *        ColdInit pojo|events|baseline <event.json> <endpoint>
 */
public class ColdInit {
    public static void main(String[] args) throws Exception {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        long mainMs = Duration.between(jvmStart, Instant.now()).toMillis();
        String mode = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        OrchestratorConfig config = OrchestratorConfig.fromEnvironment(Map.of(
                OrchestratorConfig.STATE_MACHINE_ARN, "arn:aws:states:us-east-1:123456789012:stateMachine:bench",
                OrchestratorConfig.AWS_REGION, "us-east-1"));
        OrchestratorHandler handler = mode.equals("baseline")
                ? DefaultClientHandler.create(config, URI.create(args[2]))
                : new OrchestratorHandler(config, URI.create(args[2]));
        BenchContext context = new BenchContext("bench-orchestrator", 60_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        if (mode.equals("events")) {
            // What a handler typed on aws-lambda-java-events costs: the runtime's event serializer (mixins) in
            // and out, plus a field-by-field copy (a handler written on these types would read them directly).
            ClassLoader cl = ColdInit.class.getClassLoader();
            PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, cl);
            APIGatewayV2HTTPEvent e = in.fromJson(new ByteArrayInputStream(event));
            FunctionUrlEvent f = new FunctionUrlEvent();
            f.setRawPath(e.getRawPath());
            f.setRawQueryString(e.getRawQueryString());
            f.setHeaders(e.getHeaders());
            f.setBody(e.getBody());
            f.setIsBase64Encoded(e.getIsBase64Encoded());
            FunctionUrlEvent.RequestContext rc = new FunctionUrlEvent.RequestContext();
            rc.setRequestId(e.getRequestContext().getRequestId());
            FunctionUrlEvent.Http http = new FunctionUrlEvent.Http();
            http.setMethod(e.getRequestContext().getHttp().getMethod());
            rc.setHttp(http);
            f.setRequestContext(rc);
            FunctionUrlResponse r = handler.handleRequest(f, context);
            APIGatewayV2HTTPResponse resp = APIGatewayV2HTTPResponse.builder().withStatusCode(r.getStatusCode())
                    .withHeaders(r.getHeaders()).withBody(r.getBody()).withIsBase64Encoded(r.getIsBase64Encoded()).build();
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, cl).toJson(resp, out);
            status = r.getStatusCode();
        } else {
            FunctionUrlEvent f = JacksonFactory.getInstance().getSerializer(FunctionUrlEvent.class)
                    .fromJson(new ByteArrayInputStream(event));
            FunctionUrlResponse r = handler.handleRequest(f, context);
            JacksonFactory.getInstance().getSerializer(FunctionUrlResponse.class).toJson(r, out);
            status = r.getStatusCode();
        }
        long ms = Duration.between(jvmStart, Instant.now()).toMillis();
        if (status != 200) {
            throw new IllegalStateException("unexpected status " + status + ": " + out);
        }
        System.out.println("COLD_INIT_MS " + ms + " " + mainMs);
    }
}
