package io.redraft.server.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal configuration until the config branch's ServerConfig is merged (then this class goes):
 * {@code --name value} pairs from the command line, CONFIG GET/SET by exact name or glob.
 */
public final class StandInConfig {
    private final Map<String, String> values = new LinkedHashMap<>();

    public StandInConfig() {
        put("port", "6379");
        put("bind", "* -::*");
        put("requirepass", "");
        put("dbfilename", "redisraft.rdb");
        put("dir", ".");
        put("maxclients", "10000");
        put("proto-max-bulk-len", "536870912");
        put("client-query-buffer-limit", "1073741824");
        put("databases", "1");
        put("raft.id", "0");
        put("raft.addr", "");
        put("raft.log-filename", "redisraft.db");
        put("raft.periodic-interval", "100");
        put("raft.request-timeout", "200");
        put("raft.election-timeout", "1000");
        put("raft.connection-timeout", "3000");
        put("raft.join-timeout", "120000");
        put("raft.response-timeout", "1000");
        put("raft.proxy-response-timeout", "10000");
        put("raft.reconnect-interval", "100");
        put("raft.follower-proxy", "no");
        put("raft.quorum-reads", "yes");
        put("raft.log-fsync", "yes");
        put("raft.log-max-file-size", "128000000");
        put("raft.log-max-cache-size", "64000000");
        put("raft.append-req-max-count", "2");
        put("raft.append-req-max-size", "2097152");
        put("raft.cluster-user", "default");
        put("raft.cluster-password", "");
    }

    private void put(String k, String v) {
        values.put(k, v);
    }

    /** Parses {@code --name value} pairs (redis-server style); unknown names are an error. */
    public static StandInConfig fromArgs(String[] args) {
        StandInConfig c = new StandInConfig();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("bad argument: " + a);
            String name = a.substring(2).toLowerCase();
            if (!c.values.containsKey(name)) throw new IllegalArgumentException("unknown option: " + a);
            c.values.put(name, args[++i]);
        }
        return c;
    }

    public String get(String name) {
        return values.get(name);
    }

    public boolean set(String name, String value) {
        String key = name.toLowerCase();
        if (!values.containsKey(key)) return false;
        values.put(key, value);
        return true;
    }

    public List<Map.Entry<String, String>> matching(String pattern) {
        return values.entrySet().stream()
                .filter(e -> !e.getKey().equals("raft.cluster-password") || e.getKey().equalsIgnoreCase(pattern))
                .filter(e -> Glob.matches(pattern.toLowerCase(), e.getKey()))
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    public int port() {
        return Integer.parseInt(get("port"));
    }

    public int intValue(String name) {
        return Integer.parseInt(get(name));
    }

    public boolean bool(String name) {
        return "yes".equalsIgnoreCase(get(name));
    }

    public String requirepass() {
        return get("requirepass");
    }

    public boolean authRequired() {
        return !requirepass().isEmpty();
    }
}
