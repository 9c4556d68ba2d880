package io.redraft.server.pubsub;

import io.redraft.resp.ReplySink;
import io.redraft.server.command.Classification;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.Replies;
import io.redraft.server.pubsub.Subscriptions.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBEs, PUBSUB, and RESP2's subscribed mode,
 * answered by the node from its own subscriptions (as a Redis Cluster node answers about its own
 * clients). Replies are Redis 7.0's, pushes in RESP3.
 */
public final class PubSubCommands {
    /** What a RESP2 client in subscribed mode may still run (Redis's processCommand). */
    private static final Set<String> SUBSCRIBED_MODE = Set.of("subscribe", "psubscribe", "ssubscribe", "unsubscribe",
            "punsubscribe", "sunsubscribe", "ping", "quit", "reset");

    private final PubSub pubsub;

    public PubSubCommands(PubSub pubsub) {
        this.pubsub = pubsub;
    }

    /**
     * RESP2's subscribed mode: the error for a command a subscribed client may not run, or null.
     * Unknown commands and wrong arities get their own errors first, as in Redis.
     */
    public String refusedInSubscribedMode(ClientSession s, Classification c) {
        if (s.protocol() != 2 || !c.known() || !c.arityOk() || c.prefixed() || !pubsub.subscribed(s)) return null;
        String name = c.command().name();
        if (SUBSCRIBED_MODE.contains(name)) return null;
        return "ERR Can't execute '" + name
                + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
    }

    /** PING of a RESP2 subscriber is answered as a message: ["pong", arg or ""]. False when PING is plain. */
    public boolean ping(ClientSession s, byte[][] argv, ReplySink out) {
        if (s.protocol() != 2 || argv.length > 2 || !pubsub.subscribed(s)) return false;
        out.arrayHeader(2);
        out.bulk(PONG);
        out.bulk(argv.length == 2 ? argv[1] : new byte[0]);
        return true;
    }

    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    public void run(ClientSession s, String name, byte[][] argv, ReplySink out) {
        switch (name) {
            case "subscribe" -> subscribe(s, Kind.CHANNEL, "subscribe", argv, out);
            case "psubscribe" -> subscribe(s, Kind.PATTERN, "psubscribe", argv, out);
            case "ssubscribe" -> subscribe(s, Kind.SHARD, "ssubscribe", argv, out);
            case "unsubscribe" -> unsubscribe(s, Kind.CHANNEL, "unsubscribe", argv, out);
            case "punsubscribe" -> unsubscribe(s, Kind.PATTERN, "punsubscribe", argv, out);
            case "sunsubscribe" -> unsubscribe(s, Kind.SHARD, "sunsubscribe", argv, out);
            case "pubsub" -> pubsubCommand(argv, out);
            default -> throw new IllegalArgumentException(name);
        }
    }

    private void subscribe(ClientSession s, Kind kind, String name, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity(name));
            return;
        }
        Subscriptions<ClientSession> subs = pubsub.subscriptions();
        for (int i = 1; i < argv.length; i++) {
            subs.subscribe(s, kind, argv[i]);
            PubSubFrames.confirmation(out, name, argv[i], count(s, kind));
        }
    }

    private void unsubscribe(ClientSession s, Kind kind, String name, byte[][] argv, ReplySink out) {
        Subscriptions<ClientSession> subs = pubsub.subscriptions();
        if (argv.length == 1) {
            List<byte[]> all = subs.of(s, kind);
            if (all.isEmpty()) PubSubFrames.confirmation(out, name, null, count(s, kind));
            for (byte[] n : all) {
                subs.unsubscribe(s, kind, n);
                PubSubFrames.confirmation(out, name, n, count(s, kind));
            }
            return;
        }
        for (int i = 1; i < argv.length; i++) {
            subs.unsubscribe(s, kind, argv[i]);
            PubSubFrames.confirmation(out, name, argv[i], count(s, kind));
        }
    }

    /** Redis counts channels and patterns together, shard channels apart. */
    private int count(ClientSession s, Kind kind) {
        Subscriptions<ClientSession> subs = pubsub.subscriptions();
        return kind == Kind.SHARD ? subs.shardCount(s) : subs.count(s);
    }

    /** The subscription commands and PUBSUB: node-local, yet queued inside MULTI as Redis 7.0 queues them. */
    private static final Set<String> QUEUED_IN_MULTI = Set.of("subscribe", "psubscribe", "ssubscribe", "unsubscribe",
            "punsubscribe", "sunsubscribe", "pubsub");

    /** The lower-case name if {@code argv} is one of the commands a transaction runs on its client's node, else null. */
    public static String queuedName(byte[][] argv) {
        if (argv.length == 0 || argv[0].length < 6 || argv[0].length > 12) return null;
        String name = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return QUEUED_IN_MULTI.contains(name) ? name : null;
    }

    /** Whether a transaction holds such a command (it must then run where its client is connected). */
    public static boolean anyQueued(List<byte[][]> commands) {
        for (byte[][] c : commands) if (queuedName(c) != null) return true;
        return false;
    }

    /** Whether a transaction holds nothing else: no data, so its node answers it at once. */
    public static boolean onlyQueued(List<byte[][]> commands) {
        for (byte[][] c : commands) if (queuedName(c) == null) return false;
        return !commands.isEmpty();
    }

    /**
     * Inside MULTI: checked as Redis checks a command it queues (arity, PUBSUB's subcommand; an
     * error fails the transaction), then queued to run at EXEC.
     */
    public void queue(ClientSession s, String name, byte[][] argv, boolean arityOk, ReplySink out) {
        String error = !arityOk ? Replies.arity(name) : name.equals("pubsub") ? pubsubSyntaxError(argv) : null;
        if (error != null) {
            s.failMulti();
            out.error(error);
            return;
        }
        s.queueInMulti(argv);
        out.status("QUEUED");
    }

    /**
     * One of the transaction's commands, run for its client when EXEC runs. Redis 7.0 refuses
     * SSUBSCRIBE there (a transaction's client is flagged as one that may not block, and its
     * SSUBSCRIBE checks that flag where SUBSCRIBE does not).
     */
    void runInExec(ClientSession s, String name, byte[][] argv, ReplySink out) {
        if (name.equals("ssubscribe")) out.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
        else run(s, name, argv, out);
    }

    /** PUBSUB's arity and subcommand errors, which Redis gives when it queues the command too; null if none. */
    private static String pubsubSyntaxError(byte[][] argv) {
        if (argv.length < 2) return Replies.arity("pubsub");
        String sub = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return switch (sub) {
            case "help" -> argv.length != 2 ? Replies.arity("pubsub|help") : null;
            case "channels", "shardchannels" -> argv.length > 3 ? "ERR unknown subcommand or wrong number of arguments for '"
                    + Replies.str(argv[1]) + "'. Try PUBSUB HELP." : null;
            case "numsub", "shardnumsub" -> null;
            case "numpat" -> argv.length != 2 ? Replies.arity("pubsub|numpat") : null;
            default -> Replies.unknownSubcommand(argv[1], "pubsub");
        };
    }

    private void pubsubCommand(byte[][] argv, ReplySink out) {
        String error = pubsubSyntaxError(argv);
        if (error != null) {
            out.error(error);
            return;
        }
        Subscriptions<ClientSession> subs = pubsub.subscriptions();
        String sub = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "help" -> help(out);
            case "channels", "shardchannels" -> {
                List<byte[]> names = subs.names(sub.equals("channels") ? Kind.CHANNEL : Kind.SHARD,
                        argv.length == 3 ? argv[2] : null);
                out.arrayHeader(names.size());
                for (byte[] n : names) out.bulk(n);
            }
            case "numsub", "shardnumsub" -> {
                Kind kind = sub.equals("numsub") ? Kind.CHANNEL : Kind.SHARD;
                out.arrayHeader((argv.length - 2) * 2); // an array in RESP3 too, as Redis
                for (int i = 2; i < argv.length; i++) {
                    out.bulk(argv[i]);
                    out.integer(subs.numsub(kind, argv[i]));
                }
            }
            case "numpat" -> out.integer(subs.numpat());
            default -> throw new IllegalStateException("checked by pubsubSyntaxError: " + sub);
        }
    }

    private static void help(ReplySink out) {
        String[] lines = {
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help."};
        out.arrayHeader(lines.length);
        for (String l : lines) out.status(l);
    }
}
