package io.postbox.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback that a test puts between postbox and PostgreSQL, then cuts (every open connection is
 * reset and new ones are closed at once, as a database that went away) and restores.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  private TcpProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Starts a proxy on a free loopback port that forwards to {@code host:port}. */
  public static TcpProxy start(String host, int port) {
    try {
      ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      TcpProxy proxy = new TcpProxy(server, new InetSocketAddress(host, port));
      Thread acceptor = new Thread(proxy::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Resets every connection through the proxy and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(TcpProxy::reset);
  }

  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        reset(client);
        continue;
      }
      Thread connector = new Thread(() -> connect(client), "tcp-proxy-connect");
      connector.setDaemon(true);
      connector.start();
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 5000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      reset(client);
      reset(upstream);
      return;
    }
    open.add(client);
    open.add(upstream);
    if (cut) {
      reset(client);
      reset(upstream);
    }
    pump(client, upstream);
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    Thread pumper = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
        }
      } catch (IOException e) {
        // a cut or a peer that went away: both sides are closed below
      } finally {
        reset(from);
        reset(to);
      }
    }, "tcp-proxy-pump");
    pumper.setDaemon(true);
    pumper.start();
  }

  private static void reset(Socket socket) {
    try {
      if (!socket.isClosed()) {
        socket.setSoLinger(true, 0);
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
