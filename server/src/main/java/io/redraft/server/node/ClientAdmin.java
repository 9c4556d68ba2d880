package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.OutputBuffer;
import io.redraft.resp.RedisNumbers;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;

/**
 * CLIENT REPLY / PAUSE / UNPAUSE / NO-EVICT / NO-TOUCH / HELP, as Redis 7 answers them (NO-TOUCH
 * as 7.2). REPLY OFF and SKIP send nothing back; SKIP drops the next command's reply, and that
 * command runs alone (nothing is pipelined behind it) so that only its reply is dropped.
 */
final class ClientAdmin {
    /** {@link ClientSession#replyMode}: replies sent; none; the next command's dropped; this command's dropped. */
    static final int ON = 0, OFF = 1, SKIP_NEXT = 2, SKIPPING = 3;

    static final String[] HELP = {
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
            "HELP",
            "    Prints this help."};

    private final NodeThread node;

    ClientAdmin(NodeThread node) {
        this.node = node;
    }

    /** Runs one of this class's subcommands; false when {@code sub} is not one of them. */
    boolean run(ClientSession s, String sub, byte[][] argv, ReplySink out) {
        switch (sub) {
            case "reply" -> reply(s, argv, out);
            case "pause" -> pause(argv, out);
            case "unpause" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("client|unpause"));
                    return true;
                }
                node.pause().unpause();
                out.status("OK");
            }
            case "no-evict" -> {
                Boolean on = onOff(argv, "client|no-evict", out);
                if (on == null) return true;
                s.noEvict = on;
                out.status("OK");
            }
            case "no-touch" -> {
                Boolean on = onOff(argv, "client|no-touch", out);
                if (on == null) return true;
                s.noTouch = on;
                out.status("OK");
            }
            case "help" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("client|help"));
                    return true;
                }
                out.arrayHeader(HELP.length);
                for (String l : HELP) out.status(l);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static Boolean onOff(byte[][] argv, String name, ReplySink out) {
        if (argv.length != 3) {
            out.error(Replies.arity(name));
            return null;
        }
        String v = lower(argv[2]);
        if (v.equals("on")) return true;
        if (v.equals("off")) return false;
        out.error(Replies.SYNTAX);
        return null;
    }

    private void reply(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 3) {
            out.error(Replies.arity("client|reply"));
            return;
        }
        switch (lower(argv[2])) {
            case "on" -> {
                s.replyMode = ON;
                node.sink(s).status("OK"); // out was taken while replies were off
            }
            case "off" -> s.replyMode = OFF;
            case "skip" -> {
                if (s.replyMode != OFF) s.replyMode = SKIP_NEXT;
            }
            default -> out.error(Replies.SYNTAX);
        }
    }

    private void pause(byte[][] argv, ReplySink out) {
        if (argv.length < 3) {
            out.error(Replies.arity("client|pause"));
            return;
        }
        if (argv.length > 4) {
            out.error("ERR unknown subcommand or wrong number of arguments for '" + Replies.str(argv[1]) + "'. Try CLIENT HELP.");
            return;
        }
        long[] n = new long[1];
        if (!RedisNumbers.parseLong(argv[2], n)) {
            out.error("ERR timeout is not an integer or out of range");
            return;
        }
        if (n[0] < 0) {
            out.error("ERR timeout is negative");
            return;
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (argv.length == 4) {
            String m = lower(argv[3]);
            if (m.equals("write")) mode = ClientPause.Mode.WRITE;
            else if (!m.equals("all")) {
                out.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        node.pause().pause(n[0], mode);
        out.status("OK");
    }

    /** Before a command runs: a SKIP set by the previous command applies to this one. */
    static void beforeCommand(ClientSession s) {
        if (s.replyMode == SKIP_NEXT) s.replyMode = SKIPPING;
    }

    /** After a command is answered: a skipped reply was this command's only. */
    static void afterAnswer(ClientSession s) {
        if (s.replyMode == SKIPPING) s.replyMode = ON;
    }

    /** The sink that drops what it is given, for a connection that asked for no replies. */
    static RespWriter muted(ClientSession s) {
        if (s.muted == null) {
            s.muted = new RespWriter(new OutputBuffer() {
                @Override
                public void writeByte(int b) { }

                @Override
                public void writeBytes(byte[] src, int off, int len) { }
            }, 2);
        }
        s.muted.setProtocol(s.protocol);
        return s.muted;
    }
}
