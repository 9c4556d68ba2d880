package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;
import static io.redraft.server.node.Replies.str;

import io.redraft.resp.RedisNumbers;
import io.redraft.resp.ReplySink;

/** The connection-level commands Redis runs without touching data: QUIT, HELLO, AUTH, TIME (PING, ECHO, SELECT: {@link KeylessCommands}). */
final class SessionCommands {
    private final NodeThread node;
    private final NodeContext ctx;

    SessionCommands(NodeThread node) {
        this.node = node;
        this.ctx = node.context();
    }

    void quit(ClientSession s, ReplySink out) {
        out.status("OK");
        node.closeAfterReply(s);
    }

    void time(byte[][] argv, ReplySink out) {
        if (argv.length != 1) {
            out.error(Replies.arity("time"));
            return;
        }
        long micros = ctx.clock.millis() * 1000;
        out.arrayHeader(2);
        out.bulk(Replies.bytes(Long.toString(micros / 1_000_000)));
        out.bulk(Replies.bytes(Long.toString(micros % 1_000_000)));
    }

    void auth(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity("auth"));
            return;
        }
        if (argv.length > 3) {
            out.error(Replies.SYNTAX);
            return;
        }
        if (argv.length == 2 && ctx.acl.defaultUserNopass()) {
            out.error("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
            return;
        }
        String user = argv.length == 2 ? "default" : str(argv[1]);
        byte[] pass = argv[argv.length - 1];
        if (checkPassword(s, user, pass)) {
            s.user = user;
            s.authenticated = true;
            out.status("OK");
        } else {
            out.error(Replies.WRONGPASS);
        }
    }

    private boolean checkPassword(ClientSession s, String user, byte[] pass) {
        return ctx.acl.authenticate(user, pass, s.multi() != null, () -> ClientCommand.describe(s));
    }

    void hello(ClientSession s, byte[][] argv, ReplySink out) {
        int next = 1;
        long ver = 0;
        if (argv.length >= 2) {
            long[] n = new long[1];
            if (!RedisNumbers.parseLong(argv[next++], n)) {
                out.error("ERR Protocol version is not an integer or out of range");
                return;
            }
            ver = n[0];
            if (ver < 2 || ver > 3) {
                out.error("NOPROTO unsupported protocol version");
                return;
            }
        }
        String user = null;
        byte[] pass = null;
        byte[] name = null;
        for (int j = next; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            String opt = lower(argv[j]);
            if (opt.equals("auth") && more >= 2) {
                user = str(argv[j + 1]);
                pass = argv[j + 2];
                j += 2;
            } else if (opt.equals("setname") && more >= 1) {
                name = argv[j + 1];
                if (!ClientCommand.validName(name)) {
                    out.error(ClientCommand.BAD_NAME);
                    return;
                }
                j++;
            } else {
                out.error("ERR Syntax error in HELLO option '" + str(argv[j]) + "'");
                return;
            }
        }
        if (user != null) {
            if (!checkPassword(s, user, pass)) {
                out.error(Replies.WRONGPASS);
                return;
            }
            s.user = user;
            s.authenticated = true;
        }
        if (!s.authenticated) {
            out.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> "
                    + "AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol "
                    + "version at the same time");
            return;
        }
        if (name != null) s.name = name.length == 0 ? null : str(name);
        if (ver != 0) {
            s.protocol = (int) ver;
            out = node.sink(s); // the reply itself already speaks the new protocol
        }
        out.mapHeader(7);
        out.bulk(Replies.bytes("server"));
        out.bulk(Replies.bytes("redis"));
        out.bulk(Replies.bytes("version"));
        out.bulk(Replies.bytes(NodeContext.REDIS_VERSION));
        out.bulk(Replies.bytes("proto"));
        out.integer(s.protocol);
        out.bulk(Replies.bytes("id"));
        out.integer(s.id);
        out.bulk(Replies.bytes("mode"));
        out.bulk(Replies.bytes("standalone"));
        out.bulk(Replies.bytes("role"));
        out.bulk(Replies.bytes("master"));
        out.bulk(Replies.bytes("modules"));
        out.arrayHeader(0);
    }
}
