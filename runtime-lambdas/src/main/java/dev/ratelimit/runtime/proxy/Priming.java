package dev.ratelimit.runtime.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * What the functions' {@code beforeCheckpoint} hooks use to warm a SnapStart snapshot without calling
 * the vendor or AWS: a one-thread HTTP/1.1 server on the loopback address that answers every request
 * with what its responder makes of it and closes the connection (so no connection state enters the
 * snapshot), the TLS context, and the Lambda runtime's serializer when it is on the class path.
 */
public final class Priming implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    /** @param responder the request (head in lower case, then body) to a whole HTTP/1.1 response */
    public Priming(UnaryOperator<String> responder) throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    String request = read(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(responder.apply(request).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    // closed, or a client gone: the hook's own request reports what matters
                }
            }
        }, "ratelimit-priming");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    /** An HTTP/1.1 response with {@code Connection: close}. */
    public static String response(int status, String headers, String body) {
        return "HTTP/1.1 " + status + " Priming\r\nConnection: close\r\n" + headers + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** The request's head (lower case) and body. */
    private static String read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b; !endsWithBlankLine(head) && (b = in.read()) >= 0; ) {
            head.append((char) b);
        }
        String text = head.toString().toLowerCase(Locale.ROOT);
        int at = text.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).strip());
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static boolean endsWithBlankLine(StringBuilder s) {
        return s.length() >= 4 && s.lastIndexOf("\r\n\r\n") == s.length() - 4;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads the default TLS context (trust store, providers): the vendor and AWS are https. */
    public static void tls() {
        try {
            SSLContext.getDefault().createSSLEngine().getSupportedCipherSuites();
        } catch (Exception e) {
            // no TLS to warm; the first real call pays it
        }
    }

    /**
     * Round-trips {@code json} through the Lambda runtime's POJO serializer for {@code type}, if the
     * runtime's serialization library is visible (it is in Lambda's Java runtime and in the benchmark);
     * otherwise nothing.
     */
    public static void serializer(Class<?> type, String json) {
        try {
            Object factory = Class.forName(
                    "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory")
                    .getMethod("getInstance").invoke(null);
            Object serializer = factory.getClass().getMethod("getSerializer", Class.class).invoke(factory, type);
            Object value = serializer.getClass().getMethod("fromJson", InputStream.class)
                    .invoke(serializer, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
            serializer.getClass().getMethod("toJson", Object.class, OutputStream.class)
                    .invoke(serializer, value, new ByteArrayOutputStream());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not there: the runtime's first deserialization pays it
        }
    }

    /**
     * A jitter source seeded now, from a new {@link SecureRandom} and the clock: called after a restore,
     * so that environments restored from one snapshot do not draw the same waits.
     */
    public static Random freshRandom() {
        return new Random(new SecureRandom().nextLong() ^ System.nanoTime());
    }
}
