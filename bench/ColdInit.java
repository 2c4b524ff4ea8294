import dev.ratelimit.runtime.contract.EnvironmentNames;
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
import java.util.Map;

/**
 * One cold start of the orchestrator, as the Lambda Java runtime does it: deserialize the Function URL event
 * with the runtime's own serializer, build the handler, answer (with a context), serialize the response.
 * With {@code prime}, the handler's SnapStart hooks run first, as a checkpoint and restore would. Prints
 * {@link ColdStart}'s line. Modes:
 * <ul>
 *   <li>{@code pojo}: the deployed handler (own event beans, the URL-connection HTTP client);</li>
 *   <li>{@code events}: the same handler behind aws-lambda-java-events' types and their serializer, the
 *       alternative the own beans were chosen over (needs the events and joda-time jars);</li>
 *   <li>{@code baseline}: own beans, but the Step Functions client with the SDK's default HTTP client
 *       ({@link DefaultClientHandler}; run against the bench-baseline jar).</li>
 * </ul>
 *
 * Usage: java -cp <driver classes>:<orchestrator jar>:<serialization jar>[:<events jar>:<joda-time jar>]
 *        ColdInit pojo|events|baseline <event.json> <endpoint> [prime]
 */
public class ColdInit {
    /** The events variant, compiled only when aws-lambda-java-events is there (ColdInitEvents.java). */
    interface Answer {
        int answer(OrchestratorHandler handler, byte[] event, BenchContext context, ByteArrayOutputStream out)
                throws Exception;
    }

    public static void main(String[] args) throws Exception {
        ColdStart clock = new ColdStart();
        String mode = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        OrchestratorConfig config = OrchestratorConfig.fromEnvironment(Map.of(
                EnvironmentNames.STATE_MACHINE_ARN, "arn:aws:states:us-east-1:123456789012:stateMachine:bench",
                EnvironmentNames.AWS_REGION, "us-east-1"));
        OrchestratorHandler handler = mode.equals("baseline")
                ? DefaultClientHandler.create(config, URI.create(args[2]))
                : new OrchestratorHandler(config, URI.create(args[2]));
        if (args.length > 3 && args[3].equals("prime")) {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }
        clock.ready();
        BenchContext context = new BenchContext("bench-orchestrator", 60_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        if (mode.equals("events")) {
            status = ((Answer) Class.forName("ColdInitEvents").getDeclaredConstructor().newInstance())
                    .answer(handler, event, context, out);
        } else {
            FunctionUrlEvent f = JacksonFactory.getInstance().getSerializer(FunctionUrlEvent.class)
                    .fromJson(new ByteArrayInputStream(event));
            FunctionUrlResponse r = handler.handleRequest(f, context);
            JacksonFactory.getInstance().getSerializer(FunctionUrlResponse.class).toJson(r, out);
            status = r.getStatusCode();
        }
        clock.answered();
        if (status != 200) {
            throw new IllegalStateException("unexpected status " + status + ": " + out);
        }
    }
}
