package dev.ratelimit.runtime.proxy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * What the functions' {@code beforeCheckpoint} hooks use to warm a SnapStart snapshot without
 * calling the vendor or AWS: a one-thread HTTP/1.1 server on the loopback address that reads each
 * request and answers it with one fixed response, closing the connection (so no connection state
 * enters the snapshot); the TLS context; and the Lambda runtime's own serializer. Shared by the
 * proxy and the orchestrator; it ships in both deployment jars.
 *
 * <p>A connection whose request does not arrive within 2 s is closed: the one thread would
 * otherwise wait on it for ever, and every later request (the hook's own) behind it. 2 s is ample
 * for a client on the loopback that writes its request right after connecting, as the hooks' HTTP
 * clients do, even at an init's share of the CPU.
 */
public final class Priming implements AutoCloseable, Runnable {
  private final ServerSocket server;
  private final byte[] response;

  /**
   * @param status the response's status
   * @param headers header lines, each ending in CRLF ({@code Connection} and {@code Content-Length}
   *     are added)
   * @param body the response's body
   */
  public Priming(int status, String headers, String body) throws IOException {
    this(status, headers, body, InetAddress.getLoopbackAddress());
  }

  /** As above, listening on {@code address} (tests: an IPv6 loopback). */
  Priming(int status, String headers, String body, InetAddress address) throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    response =
        ("HTTP/1.1 "
                + status
                + " OK\r\nConnection: close\r\n"
                + headers
                + "Content-Length: "
                + content.length
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.UTF_8);
    server = new ServerSocket(0, 8, address);
    Thread thread = new Thread(this, "priming");
    thread.setDaemon(true);
    thread.start();
  }

  /** The server's loop, on its own thread: one request per connection. */
  @Override
  public void run() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(2000); // a literal, not a field: the proxy jar is small
        // The head up to its blank line, then the body it announces (ASCII JSON here): the whole
        // request is read before the answer, so closing never resets a connection with unread data.
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        long body = 0;
        for (String line; !(line = in.readLine()).isEmpty(); ) {
          if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
            body = Long.parseLong(line.substring(15).strip());
          }
        }
        in.skip(body);
        s.getOutputStream().write(response);
      } catch (IOException | RuntimeException e) {
        // closed, or a client gone: the hook's own request reports what matters
      }
    }
  }

  /**
   * {@code http://127.0.0.1:<port>}, or {@code http://[::1]:<port>} where the loopback address is
   * IPv6 ({@code java.net.preferIPv6Addresses}): written short, since the JDK's default proxy
   * selector exempts {@code [::1]} but not {@code [0:0:0:0:0:0:0:1]}, and priming must never reach
   * a configured HTTP proxy.
   */
  public String uri() {
    InetAddress address = server.getInetAddress();
    String host = address.getHostAddress();
    return "http://"
        + (host.indexOf(':') < 0 ? host : address.isLoopbackAddress() ? "[::1]" : "[" + host + "]")
        + ":"
        + server.getLocalPort();
  }

  /** Stops the server; its thread ends at once (a daemon, it never holds up anything). */
  @Override
  public void close() throws IOException {
    server.close();
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
   * Round-trips {@code json} through the Lambda runtime's POJO serializer for {@code type}, found
   * by name, if the runtime's serialization library is visible (it is in Lambda's Java runtime and
   * in the benchmark); otherwise nothing. Loads what the runtime needs to read the first event and
   * write the first answer.
   */
  public static void serializer(Class<?> type, String json) {
    try {
      Object factory =
          Class.forName(
                  "com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory")
              .getMethod("getInstance")
              .invoke(null);
      Object serializer =
          factory.getClass().getMethod("getSerializer", Class.class).invoke(factory, type);
      Object value =
          serializer
              .getClass()
              .getMethod("fromJson", InputStream.class)
              .invoke(serializer, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
      serializer
          .getClass()
          .getMethod("toJson", Object.class, OutputStream.class)
          .invoke(serializer, value, new ByteArrayOutputStream());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // not there: the runtime's first deserialization pays it
    }
  }
}
