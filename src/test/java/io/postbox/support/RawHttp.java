package io.postbox.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP/1.1 exchange over a plain socket, for what a web client hides: a body written while it is generated (never
 * held in memory), how much of it the server let through before it stopped reading, and whether it closed the
 * connection after answering.
 */
public final class RawHttp {
  private RawHttp() {
  }

  /** Writes (part of) a request body; called on a thread of its own, it stops when the server stops reading. */
  public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** {@code bodyBytesWritten}: body bytes the socket accepted before the server closed it or the body ended. */
  public record Exchange(int status, String headers, String body, boolean closedByServer, long bodyBytesWritten) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Sends {@code head} (request line and headers, without the blank line), then the body, and reads the answer. */
  public static Exchange exchange(int port, String head, BodyWriter body) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream raw = socket.getOutputStream();
      raw.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      raw.flush();
      AtomicLong written = new AtomicLong();
      OutputStream counting = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          raw.write(b);
          written.incrementAndGet();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          raw.write(bytes, offset, length);
          written.addAndGet(length);
        }
      };
      Thread writer = new Thread(() -> {
        try {
          body.writeTo(counting);
          counting.flush();
        } catch (IOException serverStoppedReading) {
          // expected when the server refuses the rest and closes
        }
      }, "raw-http-body-writer");
      writer.setDaemon(true);
      writer.start();
      InputStream in = socket.getInputStream();
      String headers = readHead(in);
      int status = Integer.parseInt(headers.split(" ", 3)[1]);
      int length = Integer.parseInt(header(headers, "content-length", "0"));
      String answer = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      // a server that closes does so right after the answer; one that keeps the connection stays silent
      socket.setSoTimeout(2_000);
      boolean closed;
      try {
        closed = in.read() == -1;
      } catch (SocketTimeoutException stillOpen) {
        closed = false;
      } catch (IOException reset) {
        closed = true;
      }
      if (closed) {
        writer.join(30_000);
      }
      return new Exchange(status, headers, answer, closed, written.get());
    }
  }

  /** Reads the status line and headers up to the blank line. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before an answer; got " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  static String header(String headers, String name, String absent) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return absent;
  }

  /** Writes {@code out} as HTTP/1.1 chunks of at most 64 KiB. */
  public static OutputStream chunked(OutputStream out) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int at = offset; at < offset + length; at += 65536) {
          int size = Math.min(65536, offset + length - at);
          out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(bytes, at, size);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      }

      @Override
      public void close() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    };
  }
}
