import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.ratelimit.runtime.orchestrator.FunctionUrlEvent;
import dev.ratelimit.runtime.orchestrator.FunctionUrlResponse;
import dev.ratelimit.runtime.orchestrator.OrchestratorHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * ColdInit's {@code events} mode, in its own file so that bench/cold-init.sh compiles it only when
 * aws-lambda-java-events and joda-time are in the local repository (and skips the row otherwise).
 */
public class ColdInitEvents implements ColdInit.Answer {
    @Override
    public int answer(OrchestratorHandler handler, byte[] event, BenchContext context, ByteArrayOutputStream out)
            throws Exception {
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
        return r.getStatusCode();
    }
}
