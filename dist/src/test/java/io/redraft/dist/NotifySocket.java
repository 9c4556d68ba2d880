package io.redraft.dist;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What systemd listens on for a {@code Type=notify} unit (NOTIFY_SOCKET): a unix datagram socket,
 * here in a directory any user may reach, so that a node running as {@code redraft} can send to it.
 */
final class NotifySocket implements AutoCloseable {
    final Path path;
    private final Socket socket;
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    private final Path dir;

    NotifySocket() throws IOException {
        io.netty.channel.epoll.Epoll.ensureAvailability(); // loads the native library the socket needs
        // Not under a test's @TempDir, which only its owner may enter.
        dir = Files.createTempDirectory("redraft-notify");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        path = dir.resolve("notify");
        socket = Socket.newSocketDomainDgram();
        socket.bind(new DomainSocketAddress(path.toFile()));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
        reader = new Thread(this::read, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        try {
            while (true) {
                var from = socket.recvFromDomainSocket(buf, 0, buf.capacity());
                if (from == null) { // Netty's sockets are non-blocking: nothing yet
                    Thread.sleep(20);
                    continue;
                }
                byte[] b = new byte[from.receivedAmount()];
                buf.get(0, b);
                messages.add(new String(b, StandardCharsets.UTF_8));
            }
        } catch (IOException | InterruptedException closed) {
            // the test is over
        }
    }

    /** The next datagram, or fails after {@code seconds}. */
    String next(int seconds) throws InterruptedException {
        String m = messages.poll(seconds, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no notification on " + path + " in " + seconds + " s");
        return m;
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        socket.close();
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
    }
}
