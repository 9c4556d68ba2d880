package io.redraft.testkit.cluster;

import io.redraft.resp.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publisher threads, each PUBLISHing its own numbered messages ({@code <publisher>.<seq>}, seq
 * 0, 1, 2, ...) to one channel on whichever node leads, a window of them pipelined at a time. A
 * message is acknowledged when its reply is an integer; any other reply, a timeout or a lost
 * connection makes it failed (its fate unknown), and it is never sent again: a number names one
 * PUBLISH.
 */
final class NumberedPublishers implements AutoCloseable {
    private static final int WINDOW = 32;

    private final LocalCluster cluster;
    private final String channel;
    private final int perPublisher;
    private final List<Publisher> publishers = new ArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;

    NumberedPublishers(LocalCluster cluster, String channel, int publishers, int perPublisher) {
        this.cluster = cluster;
        this.channel = channel;
        this.perPublisher = perPublisher;
        for (int p = 0; p < publishers; p++) this.publishers.add(new Publisher(p));
    }

    static String payload(int publisher, int seq) {
        return publisher + "." + seq;
    }

    /** The message id of a payload: publisher in the high half, seq in the low one. */
    static long id(String payload) {
        int dot = payload.indexOf('.');
        return ((long) Integer.parseInt(payload.substring(0, dot)) << 32) | Integer.parseInt(payload.substring(dot + 1));
    }

    static int publisherOf(long id) {
        return (int) (id >>> 32);
    }

    static int seqOf(long id) {
        return (int) id;
    }

    static String describe(long id) {
        return payload(publisherOf(id), seqOf(id));
    }

    NumberedPublishers start() {
        for (Publisher p : publishers) p.thread.start();
        return this;
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    /** Whether every publisher has sent all its messages. */
    boolean done() {
        return publishers.stream().noneMatch(p -> p.thread.isAlive());
    }

    boolean isAcknowledged(long id) {
        Publisher p = publishers.get(publisherOf(id));
        synchronized (p) {
            return p.acked.get(seqOf(id));
        }
    }

    /** Whether a message was ever sent (acknowledged or not). */
    boolean wasSent(long id) {
        int pub = publisherOf(id);
        if (pub < 0 || pub >= publishers.size()) return false;
        Publisher p = publishers.get(pub);
        synchronized (p) {
            return seqOf(id) >= 0 && seqOf(id) < p.sent;
        }
    }

    /** Every acknowledged message id. */
    List<Long> acknowledgedIds() {
        List<Long> ids = new ArrayList<>();
        for (Publisher p : publishers) {
            synchronized (p) {
                for (int s = p.acked.nextSetBit(0); s >= 0; s = p.acked.nextSetBit(s + 1)) ids.add(((long) p.number << 32) | s);
            }
        }
        return ids;
    }

    int publishers() {
        return publishers.size();
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Publisher p : publishers) p.thread.join(30_000);
    }

    private final class Publisher implements Runnable {
        final int number;
        final Thread thread;
        final BitSet acked = new BitSet();
        /** Messages 0..sent-1 were written to some connection. */
        int sent;
        /** The node to try next: 0-based, moved by MOVED or by failures. */
        int at;

        Publisher(int number) {
            this.number = number;
            this.at = number % cluster.size();
            this.thread = Thread.ofPlatform().daemon().name("publisher-" + number).unstarted(this);
        }

        @Override
        public void run() {
            RawClient client = null;
            byte[] ch = channel.getBytes(StandardCharsets.US_ASCII);
            while (!stopping && sent < perPublisher) {
                try {
                    if (client == null) client = new RawClient(cluster.node(at + 1).host(), cluster.node(at + 1).port(), 5000);
                } catch (IOException e) {
                    at = (at + 1) % cluster.size();
                    backOff();
                    continue;
                }
                int from;
                int to;
                synchronized (this) {
                    from = sent;
                    to = Math.min(perPublisher, from + WINDOW);
                    sent = to;
                }
                int answered = 0;
                String redirect = null;
                try {
                    for (int s = from; s < to; s++) {
                        client.queue(List.of("PUBLISH".getBytes(StandardCharsets.US_ASCII), ch,
                                payload(number, s).getBytes(StandardCharsets.US_ASCII)));
                    }
                    for (int s = from; s < to; s++) {
                        String reply = answered == 0 ? flushAndRead(client) : client.readReply();
                        answered++;
                        if (reply.startsWith(":")) {
                            synchronized (this) {
                                acked.set(s);
                            }
                            acknowledged.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            if (redirect == null) redirect = reply;
                        }
                    }
                } catch (IOException e) {
                    failed.addAndGet(to - from - answered);
                    close(client);
                    client = null;
                    at = (at + 1) % cluster.size();
                    backOff();
                    continue;
                }
                if (redirect != null) {
                    close(client);
                    client = null;
                    at = follow(redirect);
                    backOff();
                }
            }
            close(client);
        }

        private int follow(String reply) {
            if (reply.startsWith("-MOVED")) {
                int port = Integer.parseInt(reply.substring(reply.lastIndexOf(':') + 1).trim());
                for (NodeProcess n : cluster.nodes()) if (n.port() == port) return n.number() - 1;
            }
            return (at + 1) % cluster.size();
        }
    }

    /** Sends the queued window, reads its first reply. */
    private static String flushAndRead(RawClient client) throws IOException {
        client.send(new byte[0]);
        return client.readReply();
    }

    private static void close(RawClient client) {
        if (client == null) return;
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // gone anyway
        }
    }

    /** A client's pause before trying another node, so a leaderless moment is not a busy loop. */
    private static void backOff() {
        LockSupport.parkNanos(20_000_000L);
    }
}
