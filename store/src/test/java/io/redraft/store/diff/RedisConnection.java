package io.redraft.store.diff;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A minimal blocking RESP client that returns replies as parsed trees. */
final class RedisConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    Reply call(List<byte[]> argv) throws IOException {
        out.write(("*" + argv.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.write(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(a);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        return Reply.read(in);
    }

    Reply call(String... args) throws IOException {
        return call(java.util.Arrays.stream(args).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
