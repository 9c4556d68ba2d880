package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;
import static io.redraft.server.node.Replies.str;

import io.redraft.resp.ReplySink;
import io.redraft.server.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CONFIG GET / SET / RESETSTAT / REWRITE: node-local, never replicated (RedisRaft config is per node). */
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
                    for (String[] kv : ctx.config.get(str(argv[i]))) found.putIfAbsent(kv[0], kv[1]);
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
                List<String[]> pairs = new ArrayList<>();
                for (int i = 2; i < argv.length; i += 2) pairs.add(new String[] {str(argv[i]), str(argv[i + 1])});
                try {
                    ctx.config.setAll(pairs);
                    out.status("OK");
                } catch (ConfigException e) {
                    out.error("ERR " + e.getMessage());
                }
            }
            case "resetstat" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("config|resetstat"));
                    return;
                }
                ctx.stats.reset();
                out.status("OK");
            }
            case "rewrite" -> {
                if (argv.length != 2) {
                    out.error(Replies.arity("config|rewrite"));
                    return;
                }
                try {
                    io.redraft.server.config.ConfigRewrite.rewrite(ctx.config);
                    out.status("OK");
                } catch (ConfigException e) {
                    out.error("ERR " + e.getMessage());
                }
            }
            default -> out.error(Replies.unknownSubcommand(argv[1], "config"));
        }
    }
}
