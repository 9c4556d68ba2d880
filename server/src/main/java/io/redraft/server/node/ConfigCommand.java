package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;
import static io.redraft.server.node.Replies.str;

import io.redraft.resp.ReplySink;
import java.util.LinkedHashMap;
import java.util.Map;

/** CONFIG GET / SET / RESETSTAT: node-local, never replicated (RedisRaft config is per node). */
final class ConfigCommand {
    private final NodeContext ctx;

    ConfigCommand(NodeContext ctx) {
        this.ctx = ctx;
    }

    void run(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity("config"));
            return;
        }
        String sub = lower(argv[1]);
        s.lastCommand = "config|" + sub;
        switch (sub) {
            case "get" -> {
                if (argv.length < 3) {
                    out.error(Replies.arity("config|get"));
                    return;
                }
                Map<String, String> found = new LinkedHashMap<>();
                for (int i = 2; i < argv.length; i++) {
                    for (var e : ctx.config.matching(str(argv[i]))) found.put(e.getKey(), e.getValue());
                }
                out.mapHeader(found.size());
                for (var e : found.entrySet()) {
                    out.bulk(Replies.bytes(e.getKey()));
                    out.bulk(Replies.bytes(e.getValue()));
                }
            }
            case "set" -> {
                if (argv.length < 4 || argv.length % 2 != 0) {
                    out.error(Replies.arity("config|set"));
                    return;
                }
                for (int i = 2; i < argv.length; i += 2) {
                    if (ctx.config.get(lower(argv[i])) == null) {
                        out.error("ERR Unknown option or number of arguments for CONFIG SET - '" + str(argv[i]) + "'");
                        return;
                    }
                }
                for (int i = 2; i < argv.length; i += 2) ctx.config.set(lower(argv[i]), str(argv[i + 1]));
                out.status("OK");
            }
            case "resetstat" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("config|resetstat"));
                    return;
                }
                ctx.stats.reset();
                out.status("OK");
            }
            case "rewrite" -> out.error("ERR The server is running without a config file");
            default -> out.error(Replies.unknownSubcommand(argv[1], "config"));
        }
    }
}
