package io.redraft.testkit.cluster;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One subscriber connection to one node, recording every numbered message it receives (payload
 * {@code <publisher>.<seq>}, see {@link NumberedPublishers}) until the payload {@code end}. Each
 * connection's messages are one segment; when its node goes away the subscriber notes that it lost
 * its connection and, once the node answers again, subscribes anew and starts the next segment.
 */
final class RecordingSubscriber implements Runnable {
    static final String END = "end";

    private final NodeProcess node;
    private final String[] subscribe;
    private final List<long[]> segments = new ArrayList<>();
    private long[] current = new long[1 << 12];
    private int size;
    private volatile int received;
    private volatile int connections;
    private volatile boolean endSeen;
    private volatile boolean stopping;
    private volatile Socket socket;
    private volatile String problem;
    private final Thread thread;
    /** The first connection's stream: its buffer may already hold messages. */
    private InputStream firstIn;

    /** Connects and subscribes before returning, so messages published from now on are recorded. */
    RecordingSubscriber(NodeProcess node, String... subscribe) throws IOException {
        this.node = node;
        this.subscribe = subscribe;
        firstIn = connect();
        thread = Thread.ofPlatform().daemon().name("sub-" + node.name() + "-" + subscribe[0].toLowerCase()).unstarted(this);
    }

    RecordingSubscriber start() {
        thread.start();
        return this;
    }

    private InputStream connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(node.host(), node.port()), 2000);
        s.setTcpNoDelay(true);
        s.setSoTimeout(5000); // for the confirmations; messages may be seconds apart during an election
        OutputStream out = s.getOutputStream();
        StringBuilder cmd = new StringBuilder("*").append(subscribe.length).append("\r\n");
        for (String a : subscribe) cmd.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        out.write(cmd.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
        for (int i = 1; i < subscribe.length; i++) {
            String[] confirm = readFrame(in);
            if (!confirm[0].equals(subscribe[0].toLowerCase())) {
                s.close();
                throw new IOException(node.name() + " answered " + subscribe[0] + " with " + Arrays.toString(confirm));
            }
        }
        s.setSoTimeout(0);
        socket = s;
        connections++;
        return in;
    }

    @Override
    public void run() {
        InputStream in = firstIn;
        firstIn = null;
        while (!stopping) {
            try {
                if (in == null) in = reconnect();
                if (in == null) return;
                String[] frame = readFrame(in);
                String payload = frame[frame.length - 1];
                if (!(frame[0].equals("message") || frame[0].equals("pmessage"))) {
                    problem = "unexpected frame " + Arrays.toString(frame);
                    return;
                }
                if (payload.equals(END)) {
                    endSeen = true;
                    continue;
                }
                record(NumberedPublishers.id(payload));
            } catch (IOException | RuntimeException e) {
                if (stopping) return;
                if (e instanceof RuntimeException) {
                    problem = "bad message: " + e;
                    return;
                }
                in = null;
                closeSegment();
            }
        }
    }

    /** Waits for the node to answer again and subscribes; null once stopped. */
    private InputStream reconnect() {
        while (!stopping) {
            try {
                return connect();
            } catch (IOException e) {
                // The node is still down or starting: try again shortly (a client's back-off).
                LockSupport.parkNanos(50_000_000L);
            }
        }
        return null;
    }

    private synchronized void record(long id) {
        if (size == current.length) current = Arrays.copyOf(current, size * 2);
        current[size++] = id;
        received++;
    }

    private synchronized void closeSegment() {
        segments.add(Arrays.copyOf(current, size));
        size = 0;
    }

    /** Stops reading and closes the connection; the segments are final after this. */
    void stop() throws InterruptedException {
        stopping = true;
        Socket s = socket;
        try {
            if (s != null) s.close();
        } catch (IOException e) {
            // closing anyway
        }
        thread.join(10_000);
        if (thread.isAlive()) throw new AssertionError(thread.getName() + " did not stop");
        synchronized (this) {
            if (size > 0 || segments.isEmpty()) closeSegment();
        }
    }

    /** True if this subscriber lost its first connection (its node was killed). */
    boolean reconnected() {
        return connections > 1;
    }

    /** How many times it has subscribed (1 + reconnections). */
    int connections() {
        return connections;
    }

    boolean endSeen() {
        return endSeen;
    }

    int received() {
        return received;
    }

    String problem() {
        return problem;
    }

    NodeProcess node() {
        return node;
    }

    /** One array of message ids per connection, in order of arrival; after {@link #stop()}. */
    synchronized List<long[]> segments() {
        return List.copyOf(segments);
    }

    @Override
    public String toString() {
        return thread.getName();
    }

    /** A RESP array whose elements are bulk strings or integers (as text): a Pub/Sub frame. */
    static String[] readFrame(InputStream in) throws IOException {
        String head = line(in);
        if (head.isEmpty() || head.charAt(0) != '*') throw new IOException("not an array: " + head);
        String[] parts = new String[Integer.parseInt(head.substring(1))];
        for (int i = 0; i < parts.length; i++) {
            String h = line(in);
            switch (h.charAt(0)) {
                case '$' -> {
                    int n = Integer.parseInt(h.substring(1));
                    if (n < 0) {
                        parts[i] = null;
                        break;
                    }
                    byte[] b = in.readNBytes(n + 2);
                    if (b.length < n + 2) throw new IOException("connection closed in a bulk string");
                    parts[i] = new String(b, 0, n, StandardCharsets.ISO_8859_1);
                }
                case ':' -> parts[i] = h.substring(1);
                default -> throw new IOException("unexpected element " + h);
            }
        }
        return parts;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(16);
        while (true) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed");
            if (c == '\r') {
                if (in.read() != '\n') throw new IOException("bad line end");
                return sb.toString();
            }
            sb.append((char) c);
        }
    }
}
