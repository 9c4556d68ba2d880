package io.redraft.server.pubsub;

import io.redraft.resp.ReplySink;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import io.redraft.store.notify.KeyspaceListener;

/**
 * The node's Pub/Sub: who subscribes to what on this node, the delivery of messages when their
 * PUBLISH is applied, keyspace notifications and client-side caching's invalidations, both
 * produced while applying log entries. Node thread only, like the keyspace: since every node
 * applies the same entries in the same order, subscribers on any node see the same messages in
 * the same order (docs/pubsub.md).
 */
public final class PubSub implements PublishCommands.Publisher {
    private final NodeThread node;
    private final Subscriptions<ClientSession> subs = new Subscriptions<>();
    private final Subscriptions.Delivery<ClientSession> channelDelivery = this::deliver;
    private final Subscriptions.Delivery<ClientSession> shardDelivery = this::deliverShard;
    private final KeyspaceNotifier notifier;
    private final Tracking tracking;
    private final PubSubCommands inExec = new PubSubCommands(this);

    public PubSub(NodeThread node) {
        this.node = node;
        this.notifier = new KeyspaceNotifier(this, node.context().config);
        this.tracking = new Tracking(node, this);
    }

    /**
     * A transaction's command at apply: true if it is a subscription command or PUBSUB queued
     * inside MULTI, which this node runs for the client whose request it applies and every other
     * node (or a replay of the log) passes over, writing nothing. Those commands touch no data,
     * so skipping them keeps the replicas the same.
     */
    public boolean ranInExec(byte[][] argv, ReplySink out) {
        return ranInExec(tracking.applyingFor(), argv, out);
    }

    /** {@link #ranInExec(byte[][], ReplySink)} for a transaction of {@code s} (null: not this node's). */
    public boolean ranInExec(ClientSession s, byte[][] argv, ReplySink out) {
        String name = PubSubCommands.queuedName(argv);
        if (name == null) return false;
        if (s != null && !s.isGone()) inExec.runInExec(s, name, argv, out);
        return true;
    }

    /**
     * EXEC of a transaction of subscription commands and PUBSUB only: nothing in it is data, so
     * the node answers it at once, in any Raft state, as it answers those commands outside MULTI.
     */
    public void execLocally(ClientSession s, java.util.List<byte[][]> commands, ReplySink out) {
        out.arrayHeader(commands.size());
        for (byte[][] argv : commands) ranInExec(s, argv, out);
    }

    Subscriptions<ClientSession> subscriptions() {
        return subs;
    }

    NodeThread node() {
        return node;
    }

    public Tracking tracking() {
        return tracking;
    }

    @Override
    public int publish(byte[] channel, byte[] message, boolean shard) {
        return shard ? subs.spublish(channel, message, shardDelivery) : subs.publish(channel, message, channelDelivery);
    }

    private void deliver(ClientSession s, byte[] pattern, byte[] channel, byte[] message) {
        if (s.isGone()) return;
        ReplySink out = node.sink(s);
        if (pattern == null) PubSubFrames.message(out, channel, message);
        else PubSubFrames.pmessage(out, pattern, channel, message);
    }

    private void deliverShard(ClientSession s, byte[] pattern, byte[] channel, byte[] message) {
        if (!s.isGone()) PubSubFrames.smessage(node.sink(s), channel, message);
    }

    /** Whether the client has any subscription: RESP2 restricts its commands, and its output limit is pubsub's. */
    public boolean subscribed(ClientSession s) {
        return subs.subscribed(s);
    }

    /** Channels, patterns and shard channels of a client (CLIENT LIST's sub, psub, ssub). */
    public int count(ClientSession s, Subscriptions.Kind kind) {
        return subs.of(s, kind).size();
    }

    /** INFO's pubsub_channels. */
    public int channels() {
        return subs.names(Subscriptions.Kind.CHANNEL, null).size();
    }

    /** INFO's pubsubshard_channels. */
    public int shardChannels() {
        return subs.names(Subscriptions.Kind.SHARD, null).size();
    }

    /** INFO's pubsub_patterns. */
    public int patterns() {
        return subs.numpat();
    }

    /**
     * The keyspace was replaced by a snapshot instead of by applying entries one by one: the
     * messages and events of the entries it covers were never delivered here. A subscriber must
     * not take that for "nothing was published", so it is disconnected (it resubscribes and
     * knows it may have missed messages); tracking clients drop their whole cache.
     */
    public void skippedEntries() {
        for (ClientSession s : subs.subscribers()) {
            subs.remove(s);
            node.closeAfterReply(s);
        }
        tracking.flushed();
    }

    /** A client went away, or RESET: every subscription and its tracking go, without a reply. */
    public void forget(ClientSession s) {
        subs.remove(s);
        tracking.off(s);
    }

    /**
     * What applied commands report to this node (keyspace events, modified keys), or null when
     * nothing here listens: no notification class is on and no client tracks keys, so applying
     * costs nothing extra.
     */
    public KeyspaceListener events() {
        boolean notify = notifier.enabled();
        boolean track = tracking.active();
        if (notify && track) return both;
        if (notify) return notifier;
        return track ? tracking : null;
    }

    /** FLUSHALL and FLUSHDB report no keys: tracking clients are told to drop everything instead. */
    public static boolean flushes(byte[][] argv) {
        if (argv.length == 0 || (argv[0].length != 8 && argv[0].length != 7)) return false;
        String name = new String(argv[0], java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        return name.equals("flushall") || name.equals("flushdb");
    }

    private final KeyspaceListener both = new KeyspaceListener() {
        @Override
        public void event(int type, String event, io.redraft.store.Bytes key) {
            notifier.event(type, event, key);
            tracking.event(type, event, key);
        }
    };
}
