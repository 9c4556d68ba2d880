package io.redraft.server.config;

import io.redraft.store.Glob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The node's configuration: redis-server's command line and redis.conf, RedisRaft's
 * {@code raft.*} parameters, and CONFIG GET/SET at run time.
 *
 * <p>Thread-safe: getters may be called from any thread while CONFIG SET runs on another;
 * listeners run on the thread that called {@link #set}.
 */
public final class ServerConfig implements ConfigGetters {
    /** The Redis version whose behaviour and messages this configuration layer follows. */
    public static final String REDIS_VERSION = "7.2.4";

    private final List<Param> params;
    private final Map<String, Param> byName = new HashMap<>();
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private final List<String> notices = new ArrayList<>();
    private volatile boolean clusterLocked;
    private Path configFile;
    /** The {@code user} directives, in order (ACL users defined in the configuration). */
    private final List<List<String>> userDirectives = new ArrayList<>();

    private ServerConfig(Path cwd) {
        List<Param> all = new ArrayList<>(RedisParams.table(() -> {
            Object dir = values.get("dir");
            return dir == null ? cwd : Path.of((String) dir);
        }));
        all.addAll(RaftParams.table());
        all.addAll(OpsParams.table());
        params = List.copyOf(all);
        for (Param p : params) {
            byName.put(p.name(), p);
            if (p.alias() != null) byName.put(p.alias(), p);
            try {
                values.put(p.name(), p.type().parse(splitOnSpaces(p, p.defaultText())));
            } catch (InvalidValue e) {
                throw new IllegalStateException("bad default for " + p.name() + ": " + e.getMessage(), e);
            }
        }
    }

    void addUserDirective(List<String> args) {
        userDirectives.add(List.copyOf(args));
    }

    /** The {@code user} directives of the configuration, in order. */
    public List<List<String>> userDirectives() {
        return List.copyOf(userDirectives);
    }

    /** All defaults, as with no arguments (for tests and tools). */
    public static ServerConfig defaults() {
        return new ServerConfig(Path.of("").toAbsolutePath());
    }

    /**
     * Parses redis-server's command line: {@code [config-file | -] [--name value...]}.
     *
     * @throws ConfigException with the report to print on stderr before exiting with status 1
     */
    public static ServerConfig parse(String[] args) throws ConfigException {
        return parse(args, System.in, Path.of("").toAbsolutePath());
    }

    static ServerConfig parse(String[] args, InputStream stdin, Path cwd) throws ConfigException {
        ServerConfig config = new ServerConfig(cwd);
        CommandLine cl = CommandLine.parse(args);
        StringBuilder text = new StringBuilder();
        if (cl.configFile() != null) {
            Path file = cwd.resolve(cl.configFile()).toAbsolutePath().normalize();
            config.configFile = file;
            text.append(ConfigLoader.readFile(file, file.toString()));
        }
        if (cl.fromStdin()) {
            config.notice("Reading config from stdin");
            try {
                text.append(new String(stdin.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't read config from stdin: " + e.getMessage());
            }
        }
        if (args.length > 0) text.append('\n').append(cl.options());
        new ConfigLoader(config).loadTop(text.toString());
        return config;
    }

    /** The absolute path of the config file given on the command line, if any. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** Messages to log at notice level once logging is set up (e.g. the ignored loadmodule). */
    public List<String> startupNotices() {
        synchronized (notices) {
            return List.copyOf(notices);
        }
    }

    // ---- CONFIG GET / SET -------------------------------------------------------------------

    /**
     * CONFIG GET for one pattern: name/value pairs. A pattern without glob characters is an exact
     * (case-insensitive) lookup that also finds hidden parameters and aliases; a glob never
     * matches hidden parameters.
     */
    public List<String[]> get(String pattern) {
        String lower = pattern.toLowerCase(Locale.ROOT);
        List<String[]> out = new ArrayList<>();
        if (!Glob.hasWildcards(pattern)) {
            // Redis answers an exact lookup under the name as it was asked.
            Param p = byName.get(lower);
            if (p != null) out.add(new String[] {pattern, render(p)});
            return out;
        }
        for (Param p : params) {
            if (p.has(Param.Flag.HIDDEN)) continue;
            // One entry per parameter: its name, or its alias when only the alias matches (slave*).
            if (Glob.matchesIgnoreCase(pattern, p.name())) {
                out.add(new String[] {p.name(), render(p)});
            } else if (p.alias() != null && Glob.matchesIgnoreCase(pattern, p.alias())) {
                out.add(new String[] {p.alias(), render(p)});
            }
        }
        return out;
    }

    /** The CONFIG GET text of one parameter by exact name or alias. */
    public Optional<String> value(String name) {
        Param p = byName.get(name.toLowerCase(Locale.ROOT));
        return p == null ? Optional.empty() : Optional.of(render(p));
    }

    /** CONFIG SET of one parameter; on failure the old value stays. */
    public void set(String name, String value) throws ConfigException {
        setAll(List.<String[]>of(new String[] {name, value}));
    }

    /**
     * CONFIG SET of several parameters at once (Redis 7): all are checked first, none changes
     * unless all are valid; if a listener refuses a change, all go back to their old values.
     *
     * @throws ConfigException whose message is the reply after {@code -ERR }
     */
    public synchronized void setAll(List<String[]> pairs) throws ConfigException {
        List<Param> targets = new ArrayList<>();
        for (String[] pair : pairs) {
            Param p = byName.get(pair[0].toLowerCase(Locale.ROOT));
            if (p == null) throw new ConfigException("Unknown option or number of arguments for CONFIG SET - '" + pair[0] + "'");
            if (p.has(Param.Flag.IMMUTABLE)) throw failed(pair[0], "can't set immutable config");
            if (p.has(Param.Flag.PROTECTED)) throw failed(pair[0], "can't set protected config");
            if (targets.contains(p)) throw failed(pair[0], "duplicate parameter");
            targets.add(p);
        }
        Map<Param, Object> next = new LinkedHashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            Param p = targets.get(i);
            try {
                List<String> words = splitOnSpaces(p, pairs.get(i)[1]);
                // RedisRaft's string setter refuses a locked parameter before it looks at the
                // value (its numeric and bool ones only get values Redis already checked).
                if (p.type() instanceof ParamType.Text && p.has(Param.Flag.LOCKED_AFTER_INIT) && clusterLocked
                        && !words.get(0).equals(values.get(p.name()))) {
                    throw new InvalidValue(RaftParams.LOCKED);
                }
                Object v = p.type().parse(words);
                // Redis does not call a module's setter (nor apply) when the value is unchanged, so
                // neither RedisRaft's init/join lock nor raft.trace's toggle sees it.
                if (v.equals(values.get(p.name()))) continue;
                if (p.has(Param.Flag.LOCKED_AFTER_INIT) && clusterLocked) throw new InvalidValue(RaftParams.LOCKED);
                next.put(p, checked(p, v));
            } catch (InvalidValue iv) {
                throw failed(p.name(), iv.getMessage());
            }
        }
        Map<Param, Object> old = new LinkedHashMap<>();
        for (Map.Entry<Param, Object> e : next.entrySet()) {
            old.put(e.getKey(), values.put(e.getKey().name(), e.getValue()));
        }
        List<Param> notified = new ArrayList<>();
        for (Param p : next.keySet()) {
            notified.add(p);
            try {
                notify(p);
            } catch (RuntimeException refused) {
                // Like Redis's restoreBackupConfig: old values back, and re-applied to whoever saw
                // the new ones (including this parameter's earlier listeners).
                old.forEach((q, v) -> values.put(q.name(), v));
                for (Param q : notified) notifyQuietly(q);
                throw failed(p.name(), refused.getMessage() == null ? refused.toString() : refused.getMessage());
            }
        }
    }

    /**
     * Calls {@code listener} with the new CONFIG GET text after each successful CONFIG SET of
     * {@code name}. A listener that cannot apply the value throws a RuntimeException whose message
     * becomes the CONFIG SET error; the old value is then restored.
     */
    public void onChange(String name, Consumer<String> listener) {
        Param p = byName.get(name.toLowerCase(Locale.ROOT));
        if (p == null) throw new IllegalArgumentException("no such parameter: " + name);
        listeners.computeIfAbsent(p.name(), k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /**
     * If raft.addr is empty, sets it as RedisRaft does at load: the first non-loopback interface
     * address (IPv4 preferred) and {@code port}. Call once at start-up, before serving.
     *
     * @throws ConfigException "Failed to determine local address, please set 'raft.addr'."
     */
    public void resolveRaftAddr() throws ConfigException {
        if (!raftAddr().isEmpty()) return;
        String host = LocalAddress.firstNonLoopback()
                .orElseThrow(() -> new ConfigException("Failed to determine local address, please set 'raft.addr'."));
        values.put("raft.addr", host + ":" + (port() == 0 && tlsPort() != 0 ? tlsPort() : port()));
    }

    /** The node has initialized or joined a cluster: raft.id, addr, log-filename, slot-config, external-sharding freeze. */
    public void lockClusterParams() {
        clusterLocked = true;
    }

    /**
     * The node has initialized, joined, or loaded its log: records the id it now has (so CONFIG
     * GET raft.id shows it, as in RedisRaft) and locks the cluster parameters.
     */
    public synchronized void markInitialized(int nodeId) {
        if (nodeId < 0) throw new IllegalArgumentException("node id must not be negative: " + nodeId);
        values.put("raft.id", (long) nodeId);
        clusterLocked = true;
    }

    /** Whether {@link #lockClusterParams} or {@link #markInitialized} has been called. */
    public boolean clusterParamsLocked() {
        return clusterLocked;
    }

    /** Whether a parameter's value must be redacted (SLOWLOG, MONITOR, logs). */
    public boolean isSensitive(String name) {
        Param p = byName.get(name.toLowerCase(Locale.ROOT));
        return p != null && p.has(Param.Flag.SENSITIVE);
    }

    /** Whether {@code name} (or alias) is a known parameter. */
    public boolean exists(String name) {
        return byName.containsKey(name.toLowerCase(Locale.ROOT));
    }

    // ---- typed access ------------------------------------------------------------------------

    @Override
    public Set<TraceComponent> trace() {
        return ConfigGetters.traceOf((Integer) raw("raft.trace"));
    }

    /** The value of a text or enum parameter. */
    @Override
    public String string(String name) {
        return (String) raw(name);
    }

    /** The value of an integer or memory parameter, in bytes for memory. */
    @Override
    public long number(String name) {
        return (Long) raw(name);
    }

    @Override
    public boolean bool(String name) {
        return (Boolean) raw(name);
    }

    /** The value of a multi-word parameter (bind, save, replicaof). */
    @Override
    public List<String> words(String name) {
        @SuppressWarnings("unchecked")
        List<String> w = (List<String>) raw(name);
        return w;
    }

    @Override
    public List<Long> outputBufferLimit(String clientClass) {
        @SuppressWarnings("unchecked")
        Map<String, List<Long>> limits = (Map<String, List<Long>>) raw("client-output-buffer-limit");
        return limits.getOrDefault(clientClass, List.of(0L, 0L, 0L));
    }

    private Object raw(String name) {
        // Getters run on hot paths with lower-case literals: skip lower-casing when not needed.
        Param p = byName.get(name);
        if (p == null) p = byName.get(name.toLowerCase(Locale.ROOT));
        if (p == null) throw new IllegalArgumentException("no such parameter: " + name);
        return values.get(p.name());
    }

    // ---- package-private plumbing for the loader and tests -----------------------------------

    Param lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    List<Param> params() {
        return params;
    }

    void notice(String message) {
        synchronized (notices) {
            notices.add(message);
        }
    }

    /** A directive read at start-up: parse, check Redraft's requirements, store. */
    void applyAtLoad(Param p, List<String> words) throws InvalidValue {
        Object v = p.type().parse(words);
        if (v.equals(values.get(p.name()))) return;
        values.put(p.name(), checked(p, v));
    }

    /** CONFIG SET and module configs split multi-word values on single spaces, as sdssplitlen does. */
    static List<String> splitOnSpaces(Param p, String value) {
        if (!p.type().multiArg()) return List.of(value);
        if (value.isEmpty()) return List.of();
        return Arrays.asList(value.split(" ", -1));
    }

    private Object checked(Param p, Object v) throws InvalidValue {
        if (p.type() instanceof ParamType.Flags flags) {
            // raft.trace: naming a component toggles it; off and all replace the whole set.
            int all = flags.bits().get("all");
            int bits = (Integer) v;
            if (bits != 0 && bits != all) v = ((Integer) values.get(p.name())) ^ bits;
        } else if (p.type() instanceof ParamType.BufferLimits) {
            v = ParamType.BufferLimits.merge(values.get(p.name()), v);
        }
        if (p.requirement() != null) {
            String refusal = p.requirement().refuse(v);
            if (refusal != null) throw new InvalidValue(refusal);
        }
        return v;
    }

    /** The parameters CONFIG REWRITE writes (all but hidden ones), with their current text. */
    synchronized java.util.LinkedHashMap<Param, String> rewritable() {
        java.util.LinkedHashMap<Param, String> out = new java.util.LinkedHashMap<>();
        for (Param p : params) if (!p.has(Param.Flag.HIDDEN)) out.put(p, render(p));
        return out;
    }

    private String render(Param p) {
        return p.type().render(values.get(p.name()));
    }

    private void notify(Param p) {
        String v = render(p);
        for (Consumer<String> l : listeners.getOrDefault(p.name(), Collections.emptyList())) l.accept(v);
    }

    private void notifyQuietly(Param p) {
        try {
            notify(p);
        } catch (RuntimeException ignored) {
            // Restoring the old value: a listener that refuses it again has nothing better to go back to.
        }
    }

    private static ConfigException failed(String name, String reason) {
        return new ConfigException("CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }
}
