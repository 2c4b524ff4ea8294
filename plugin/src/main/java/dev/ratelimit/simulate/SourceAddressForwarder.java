package dev.ratelimit.simulate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives one simulated proxy its own egress address. JDK 17's {@code HttpClient} cannot bind a local
 * address, so the proxy's client is given {@link #selector()}: a {@link ProxySelector} naming this
 * forwarder as its HTTP proxy. The client then sends each plain-{@code http} request here in
 * absolute form ({@code GET http://host:port/path HTTP/1.1}); the forwarder copies the bytes, both
 * ways and unchanged, over a connection to the target whose local end is bound to {@code source}
 * (e.g. 127.0.0.2). The target, which accepts absolute-form requests as HTTP/1.1 servers must, sees
 * the request come from {@code source}. One target connection per client connection, so keep-alive
 * and connection resets pass through as they are.
 *
 * <p>Only for {@code http} targets (a TLS target would need {@code CONNECT}). On Linux every
 * 127.0.0.0/8 address is a loopback address; macOS has only 127.0.0.1 until aliases are added
 * ({@code sudo ifconfig lo0 alias 127.0.0.2 up}).
 */
public final class SourceAddressForwarder implements AutoCloseable {
  private final InetAddress source;
  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private SourceAddressForwarder(InetAddress source, InetSocketAddress target) throws IOException {
    this.source = source;
    this.target = target;
    listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    AtomicInteger n = new AtomicInteger();
    String name = "forward-" + source.getHostAddress() + "-";
    threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    threads.execute(this::acceptLoop);
  }

  /**
   * Starts a forwarder on 127.0.0.1 (ephemeral port) to {@code target}, leaving from {@code
   * source}.
   *
   * @throws IOException when it cannot listen, or {@code source} is not an address of this machine
   *     (on macOS: add a loopback alias)
   */
  public static SourceAddressForwarder start(InetAddress source, InetSocketAddress target)
      throws IOException {
    try (Socket probe = new Socket()) {
      probe.bind(new InetSocketAddress(source, 0));
    } catch (IOException e) {
      throw new IOException(
          "cannot send from "
              + source.getHostAddress()
              + " ("
              + e.getMessage()
              + "); on macOS add a loopback alias: sudo ifconfig lo0 alias "
              + source.getHostAddress()
              + " up",
          e);
    }
    return new SourceAddressForwarder(source, target);
  }

  /**
   * The loopback address {@code 127.0.0.<k>}, for proxy k-1 (1-based proxies start at 127.0.0.2).
   */
  public static InetAddress loopback(int k) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) k});
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public InetAddress source() {
    return source;
  }

  /** Routes every request of a client through this forwarder. */
  public ProxySelector selector() {
    return ProxySelector.of(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      threads.execute(() -> connect(client));
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    open.add(client);
    open.add(upstream);
    try {
      upstream.bind(new InetSocketAddress(source, 0));
      upstream.connect(target, 5_000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      closeBoth(client, upstream); // the client sees its connection end, as a refused connect
      return;
    }
    threads.execute(() -> pipe(upstream, client));
    pipe(client, upstream);
  }

  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16_384];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (SocketException e) {
      // reset or closed by the other direction
    } catch (IOException e) {
      // likewise
    } finally {
      closeBoth(from, to);
    }
  }

  private void closeBoth(Socket a, Socket b) {
    for (Socket s : new Socket[] {a, b}) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
      open.remove(s);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
  }
}
