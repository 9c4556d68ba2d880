package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;
import static io.redraft.server.node.Replies.str;

import io.redraft.resp.RedisNumbers;
import io.redraft.resp.ReplySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** CLIENT ID / SETNAME / GETNAME / LIST / INFO / KILL / SETINFO, node-local as in RedisRaft. */
final class ClientCommand {
    static final String BAD_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

    private final NodeThread node;
    private final io.redraft.server.pubsub.TrackingCommands tracking;
    private final ClientAdmin admin;

    ClientCommand(NodeThread node) {
        this.node = node;
        this.tracking = new io.redraft.server.pubsub.TrackingCommands(node, node.pubsub());
        this.admin = new ClientAdmin(node);
    }

    void run(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity("client"));
            return;
        }
        String sub = lower(argv[1]);
        s.lastCommand = "client|" + sub;
        switch (sub) {
            case "id" -> {
                if (argv.length != 2) out.error(Replies.arity("client|id"));
                else out.integer(s.id);
            }
            case "getname" -> {
                if (argv.length != 2) out.error(Replies.arity("client|getname"));
                else if (s.name == null) out.nullBulk();
                else out.bulk(Replies.bytes(s.name));
            }
            case "setname" -> {
                if (argv.length != 3) out.error(Replies.arity("client|setname"));
                else if (!validName(argv[2])) out.error(BAD_NAME);
                else {
                    s.name = argv[2].length == 0 ? null : str(argv[2]);
                    out.status("OK");
                }
            }
            case "setinfo" -> setinfo(s, argv, out);
            case "info" -> {
                if (argv.length != 2) out.error(Replies.arity("client|info"));
                else out.verbatim("txt", Replies.bytes(describe(s) + "\n"));
            }
            case "list" -> list(argv, out);
            case "kill" -> kill(s, argv, out);
            case "session" -> session(s, argv, out);
            case "tracking", "caching", "getredir", "trackinginfo" -> tracking.run(s, sub, argv, out);
            case "reply", "pause", "unpause", "no-evict", "no-touch", "help" -> admin.run(s, sub, argv, out);
            case "unblock" -> io.redraft.server.blocking.ClientUnblock.run(node, argv, out);
            default -> out.error(Replies.unknownSubcommand(argv[1], "client"));
        }
    }

    /**
     * CLIENT SESSION [id next-seq | OFF]: tags this connection's writes with a client session
     * (docs/protocol.md, "Client sessions"); alone it shows the tag. CLIENT SESSION NEW is a
     * logged write and goes to the cluster role instead (see {@link CommandRouter}).
     */
    private void session(ClientSession s, byte[][] argv, ReplySink out) {
        if (s.multi() != null) {
            out.error("ERR CLIENT SESSION inside MULTI is not allowed");
            return;
        }
        if (argv.length == 2) {
            if (s.clientSession == 0) {
                out.nullArray();
            } else {
                out.arrayHeader(2);
                out.integer(s.clientSession);
                out.integer(s.nextSeq);
            }
            return;
        }
        if (argv.length == 3 && lower(argv[2]).equals("off")) {
            s.tagSession(0, 0);
            out.status("OK");
            return;
        }
        if (argv.length != 4) {
            out.error(Replies.arity("client|session"));
            return;
        }
        long[] id = new long[1];
        long[] seq = new long[1];
        if (!RedisNumbers.parseLong(argv[2], id) || id[0] <= 0) {
            out.error("ERR invalid session id");
        } else if (!RedisNumbers.parseLong(argv[3], seq) || seq[0] <= 0) {
            out.error("ERR invalid session sequence number");
        } else {
            s.tagSession(id[0], seq[0]);
            out.status("OK");
        }
    }

    /** CLIENT SESSION NEW: registering a session is a write that goes through the log. */
    static boolean isSessionNew(byte[][] argv) {
        return argv.length == 3 && lower(argv[0]).equals("client") && lower(argv[1]).equals("session")
                && lower(argv[2]).equals("new");
    }

    /** Redis accepts names made of '!' to '~' only. */
    static boolean validName(byte[] name) {
        for (byte b : name) if (b < '!' || b > '~') return false;
        return true;
    }

    private void setinfo(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 4) {
            out.error(Replies.arity("client|setinfo"));
            return;
        }
        String attr = lower(argv[2]);
        if (!attr.equals("lib-name") && !attr.equals("lib-ver")) {
            out.error("ERR Unrecognized option '" + str(argv[2]) + "'");
            return;
        }
        if (!validName(argv[3])) {
            out.error("ERR " + attr + " cannot contain spaces, newlines or special characters.");
            return;
        }
        if (attr.equals("lib-name")) s.libName = str(argv[3]);
        else s.libVer = str(argv[3]);
        out.status("OK");
    }

    private void list(byte[][] argv, ReplySink out) {
        List<Long> ids = null;
        Boolean pubsubType = null; // TYPE normal or pubsub: a client with a subscription is of type pubsub
        if (argv.length > 2) {
            String opt = lower(argv[2]);
            if (opt.equals("id") && argv.length > 3) {
                ids = new ArrayList<>();
                long[] n = new long[1];
                for (int i = 3; i < argv.length; i++) {
                    if (!RedisNumbers.parseLong(argv[i], n) || n[0] <= 0) {
                        out.error("ERR Invalid client ID");
                        return;
                    }
                    ids.add(n[0]);
                }
            } else if (opt.equals("type") && argv.length == 4) {
                String type = lower(argv[3]);
                if (!type.equals("normal") && !type.equals("master") && !type.equals("replica")
                        && !type.equals("slave") && !type.equals("pubsub")) {
                    out.error("ERR Unknown client type '" + str(argv[3]) + "'");
                    return;
                }
                if (!type.equals("normal") && !type.equals("pubsub")) {
                    out.verbatim("txt", new byte[0]);
                    return;
                }
                pubsubType = type.equals("pubsub");
            } else {
                out.error(Replies.SYNTAX);
                return;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (ClientSession c : node.sessions()) {
            if (pubsubType != null && pubsubType != node.pubsub().subscribed(c)) continue;
            if (ids == null || ids.contains(c.id)) sb.append(describe(c)).append('\n');
        }
        out.verbatim("txt", Replies.bytes(sb.toString()));
    }

    private void kill(ClientSession self, byte[][] argv, ReplySink out) {
        if (argv.length == 3) {
            // Old form: CLIENT KILL addr:port.
            ClientSession victim = null;
            for (ClientSession c : node.sessions()) if (c.addr.equals(str(argv[2]))) victim = c;
            if (victim == null) {
                out.error("ERR No such client");
                return;
            }
            out.status("OK");
            kill(victim);
            return;
        }
        if (argv.length < 4 || argv.length % 2 != 0) {
            out.error(Replies.SYNTAX);
            return;
        }
        Long id = null;
        String addr = null, laddr = null;
        boolean skipme = true;
        boolean noneOfType = false;
        for (int i = 2; i < argv.length; i += 2) {
            String opt = lower(argv[i]);
            String val = str(argv[i + 1]);
            switch (opt) {
                case "id" -> {
                    long[] n = new long[1];
                    if (!RedisNumbers.parseLong(argv[i + 1], n) || n[0] <= 0) {
                        out.error("ERR client-id should be greater than 0");
                        return;
                    }
                    id = n[0];
                }
                case "addr" -> addr = val;
                case "laddr" -> laddr = val;
                case "skipme" -> {
                    if (val.equalsIgnoreCase("yes")) skipme = true;
                    else if (val.equalsIgnoreCase("no")) skipme = false;
                    else {
                        out.error(Replies.SYNTAX);
                        return;
                    }
                }
                case "type" -> {
                    String t = val.toLowerCase(java.util.Locale.ROOT);
                    if (!t.equals("normal") && !t.equals("master") && !t.equals("replica") && !t.equals("slave")
                            && !t.equals("pubsub")) {
                        out.error("ERR Unknown client type '" + val + "'");
                        return;
                    }
                    if (!t.equals("normal")) noneOfType = true; // every client here is a normal one
                }
                case "user" -> {
                    if (!val.equals("default")) { // the one user there is until ACL
                        out.error("ERR No such user '" + val + "'");
                        return;
                    }
                }
                default -> {
                    out.error(Replies.SYNTAX);
                    return;
                }
            }
        }
        List<ClientSession> victims = new ArrayList<>();
        for (ClientSession c : node.sessions()) {
            if (noneOfType) break;
            if (id != null && c.id != id) continue;
            if (addr != null && !c.addr.equals(addr)) continue;
            if (laddr != null && !c.laddr.equals(laddr)) continue;
            if (skipme && c == self) continue;
            victims.add(c);
        }
        out.integer(victims.size());
        for (ClientSession c : victims) kill(c);
    }

    private void kill(ClientSession c) {
        // The killer's own reply must still go out when it kills itself.
        node.closeAfterReply(c);
    }

    /** The client's CLIENT LIST line (also how the log names a client, as Redis does). */
    static String describe(ClientSession c) {
        long now = System.nanoTime();
        long age = TimeUnit.NANOSECONDS.toSeconds(now - c.createdNanos);
        long idle = TimeUnit.NANOSECONDS.toSeconds(now - c.lastInteractionNanos);
        var pubsub = c.pubsub;
        int sub = pubsub == null ? 0 : pubsub.count(c, io.redraft.server.pubsub.Subscriptions.Kind.CHANNEL);
        int psub = pubsub == null ? 0 : pubsub.count(c, io.redraft.server.pubsub.Subscriptions.Kind.PATTERN);
        int ssub = pubsub == null ? 0 : pubsub.count(c, io.redraft.server.pubsub.Subscriptions.Kind.SHARD);
        // In Redis's order (networking.c, getClientInfoString).
        String flags = (c.monitor ? "O" : "") + (sub + psub + ssub > 0 ? "P" : "") + (c.multi() != null ? "x" : "")
                + (c.flow.blocked() ? "b" : "") + (c.noEvict ? "e" : "") + (c.noTouch ? "T" : "");
        if (flags.isEmpty()) flags = "N";
        long omem = OutputBufferLimit.pendingBytes(c);
        return "id=" + c.id + " addr=" + c.addr + " laddr=" + c.laddr + " fd=-1 name=" + (c.name == null ? "" : c.name)
                + " age=" + age + " idle=" + idle + " flags=" + flags + " db=0 sub=" + sub + " psub=" + psub + " ssub=" + ssub + " multi="
                + (c.multi() == null ? -1 : c.multi().size()) + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0"
                + " obl=0 oll=0 omem=" + omem + " tot-mem=" + omem + " events=r cmd=" + c.lastCommand + " user=" + c.user + " redir=-1 resp="
                + c.protocol + " lib-name=" + c.libName + " lib-ver=" + c.libVer;
    }
}
