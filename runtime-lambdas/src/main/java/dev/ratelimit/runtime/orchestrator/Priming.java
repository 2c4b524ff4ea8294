package dev.ratelimit.runtime.orchestrator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * What the orchestrator's {@code beforeCheckpoint} hook uses to warm a SnapStart snapshot without
 * calling AWS: a one-thread HTTP/1.1 server on the loopback address that answers every request with
 * what its responder makes of it and closes the connection (so no connection state enters the
 * snapshot), and the TLS context.
 */
final class Priming implements AutoCloseable {
  private final ServerSocket server;

  /**
   * @param responder the request (head in lower case, then body) to a whole HTTP/1.1 response
   */
  Priming(UnaryOperator<String> responder) throws IOException {
    server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
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
            },
            "priming");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code http://127.0.0.1:<port>} */
  URI uri() {
    return URI.create(
        "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
  }

  /** An HTTP/1.1 response with {@code Connection: close}. */
  static String response(int status, String headers, String body) {
    return "HTTP/1.1 "
        + status
        + " OK\r\nConnection: close\r\n"
        + headers
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  /** The request's head (lower case) and body. */
  private static String read(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (int b; head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0; ) {
      head.append((char) b);
    }
    String text = head.toString().toLowerCase(Locale.ROOT);
    int at = text.indexOf("content-length:");
    int length =
        at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).strip());
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /** Stops the server; its thread ends at once (a daemon, it never holds up anything). */
  @Override
  public void close() throws IOException {
    server.close();
  }

  /** Loads the default TLS context (trust store, providers): the vendor and AWS are https. */
  static void tls() {
    try {
      SSLContext.getDefault().createSSLEngine().getSupportedCipherSuites();
    } catch (Exception e) {
      // no TLS to warm; the first real call pays it
    }
  }
}
