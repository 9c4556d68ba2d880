package io.redraft.server.acl;

import io.redraft.resp.ReplySink;
import io.redraft.server.command.Classification;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.node.ClientRequest;
import io.redraft.server.node.ClientSession;
import io.redraft.store.StoreExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's ACL (Redis 7.0's acl.c): the user table, which the Raft log replicates (ACL SETUSER,
 * DELUSER and LOAD are logged writes applied on every node through {@link #logged()}; a snapshot
 * carries the table whole), authentication, the permission check made in the routing decision,
 * and this node's ACL LOG. Node thread only.
 *
 * <p>Where the table starts: each node builds it from its own configuration ({@code requirepass},
 * {@code user} directives or {@code aclfile}) until a snapshot replaces it; the logged changes
 * apply on top. Nodes of one cluster should therefore be started with the same ACL settings
 * (docs/security.md).
 */
public final class Acl {
    private static final Logger log = LoggerFactory.getLogger(Acl.class);
    static final String NOPERM_COMMAND = "NOPERM this user has no permissions to run the '%s' command";
    static final String NOPERM_KEY = "NOPERM this user has no permissions to access one of the keys used as arguments";
    static final String NOPERM_CHANNEL = "NOPERM this user has no permissions to access one of the channels used as arguments";

    private final AclCommandSpace space = AclCommandSpace.get();
    private final ServerConfig config;
    private Users users;
    final AclLog aclLog = new AclLog();
    private final AclCommand commands;
    private Consumer<String> userGone = name -> { };
    /** INFO stats, as Redis 7.0 counts refusals. */
    private long deniedAuth, deniedCmd, deniedKey, deniedChannel;
    /** Failed AUTH as raft.cluster-user: a node with the wrong password (logged at most once a minute). */
    private long clusterAuthRefused;
    private long lastClusterAuthLogMillis;

    public Acl(ServerConfig config) {
        this.config = config;
        this.users = new Users(space);
        this.commands = new AclCommand(this);
        users.pubsubAll = pubsubAll();
        config.onChange("acl-pubsub-default", v -> users.pubsubAll = pubsubAll());
        String pass = config.requirepass();
        if (!pass.isEmpty()) requirepass(pass);
        config.onChange("requirepass", this::requirepass);
        aclLog.maxLen((int) Math.min(Integer.MAX_VALUE, config.number("acllog-max-len")));
        config.onChange("acllog-max-len", v -> aclLog.maxLen((int) Math.min(Integer.MAX_VALUE, Long.parseLong(v))));
    }

    /**
     * The users of the configuration: {@code user} directives, or the ACL file. Throws with
     * Redis's start-up error when they cannot be loaded.
     */
    public void loadAtStartup(List<List<String>> userDirectives) throws IOException {
        String file = config.string("aclfile");
        if (!userDirectives.isEmpty() && !file.isEmpty()) {
            throw new IOException("Configuring Redis with users defined in redis.conf and at the same setting an ACL file"
                    + " path is invalid. This setup is very likely to lead to configuration errors and security holes,"
                    + " please define either an ACL file or declare users directly in your redis.conf, but not both.");
        }
        if (!file.isEmpty()) {
            String err = loadFile(file);
            if (err != null) throw new IOException("Aborting Redis startup because of ACL errors: " + err);
            return;
        }
        for (List<String> d : userDirectives) {
            if (d.isEmpty()) continue;
            String err = users.setUser(d.get(0), d.subList(1, d.size()));
            if (err != null) throw new IOException("Error in user declaration '" + d.get(0) + "': " + err);
        }
    }

    /** requirepass: the default user's only password, or nopass when empty (Redis's updateRequirePass). */
    private void requirepass(String pass) {
        List<String> rules = new ArrayList<>();
        rules.add("resetpass");
        rules.add(pass.isEmpty() ? "nopass" : ">" + pass);
        users.setUser(Users.DEFAULT, rules);
    }

    /** Called with a user's name when it is deleted (its connections are closed, as Redis does). */
    public void onUserGone(Consumer<String> listener) {
        this.userGone = listener;
    }

    /** Protected mode's verdict on a new connection: null, or the DENIED error. */
    public String protectedModeDenial(java.net.SocketAddress remote, java.net.SocketAddress local) {
        return ProtectedMode.denial(config.protectedMode(), defaultUserNopass(), remote, local);
    }

    /** Whether a new connection starts authenticated: the default user is on and nopass. */
    public boolean newConnectionAuthenticated() {
        AclUser d = users.get(Users.DEFAULT);
        return d != null && d.enabled && d.nopass;
    }

    /** Whether the default user has no password (protected mode and AUTH's one-argument form look at it). */
    public boolean defaultUserNopass() {
        AclUser d = users.get(Users.DEFAULT);
        return d == null || d.nopass;
    }

    /**
     * AUTH / HELLO AUTH: whether {@code user} with {@code password} may log in; a refusal is
     * logged (ACL LOG reason auth) and counted.
     */
    public boolean authenticate(String user, byte[] password, boolean inMulti, Supplier<String> clientInfo) {
        AclUser u = users.get(user);
        if (u != null && u.accepts(password)) return true;
        deniedAuth++;
        aclLog.add("auth", inMulti ? "multi" : "toplevel", "AUTH", user, clientInfo.get(), System.currentTimeMillis());
        if (isPeerUser(user)) {
            clusterAuthRefused++;
            long now = System.currentTimeMillis();
            if (now - lastClusterAuthLogMillis >= 60_000) {
                lastClusterAuthLogMillis = now;
                log.warn("Refused AUTH as the cluster user '{}' from {}: wrong password (a node with the wrong"
                        + " raft.cluster-password cannot link, join or vote)", user, clientInfo.get());
            }
        }
        return false;
    }

    private boolean isPeerUser(String user) {
        return user.equals(config.clusterUser()) && !user.equals(Users.DEFAULT);
    }

    /**
     * The permission check of the routing decision, made once a request's command is known and
     * its arity right (Redis answers unknown commands and arity first). Returns the request to
     * route (ACL LOAD comes back carrying the file's users, ACL SETUSER with its passwords
     * hashed, so that neither a file nor a plain password goes into the log), or null when it was
     * answered here (NOPERM, or an ACL SETUSER / LOAD that cannot apply).
     */
    public ClientRequest admit(ClientSession s, ClientRequest r, Function<ClientSession, String> clientInfo, ReplySink out) {
        Classification c = r.classification();
        ServerCommand cmd = c.command();
        if (cmd == null) return r;
        if (!c.arityOk()) {
            // The logged ACL LOAD carries the file's users as a third word: only the node adds it.
            if (!cmd.name().equals("acl|load")) return r;
            out.error("ERR wrong number of arguments for 'acl|load' command");
            return null;
        }
        int bit = space.bit(cmd.name());
        int from = c.prefixed() ? 1 : 0;
        if (space.isContainer(bit)) {
            // A subcommand Redis has and this server does not run still has its permission (Redis
            // refuses it before anything else); an unknown one gets its own error first.
            byte[][] argv = r.argv();
            bit = argv.length > from + 1 ? space.bit(cmd.name() + "|" + new String(argv[from + 1], StandardCharsets.ISO_8859_1)) : -1;
            if (bit < 0) return r;
            cmd = space.command(bit);
        }
        AclUser u = users.get(s.user());
        if (u == null || bit < 0) return r;
        AclCheck.Denial d = u.unrestricted ? null : AclCheck.check(u, bit, cmd, r.argv(), from, c::keys);
        if (d != null) {
            refuse(s, u, cmd, d, r.argv(), clientInfo.apply(s), out);
            return null;
        }
        return switch (cmd.name()) {
            case "acl|setuser" -> commands.beforeLogging(r, out);
            case "acl|load" -> commands.load(r, out);
            default -> r;
        };
    }

    private void refuse(ClientSession s, AclUser u, ServerCommand cmd, AclCheck.Denial d, byte[][] argv,
                        String clientInfo, ReplySink out) {
        boolean multi = s.multi() != null;
        String object = switch (d.reason()) {
            case COMMAND -> cmd.name();
            default -> new String(argv[d.pos()], StandardCharsets.ISO_8859_1);
        };
        aclLog.add(d.reason().name().toLowerCase(Locale.ROOT), multi ? "multi" : "toplevel", object, u.name,
                clientInfo, System.currentTimeMillis());
        switch (d.reason()) {
            case COMMAND -> {
                deniedCmd++;
                out.error(String.format(NOPERM_COMMAND, cmd.name()));
            }
            case KEY -> {
                deniedKey++;
                out.error(NOPERM_KEY);
            }
            case CHANNEL -> {
                deniedChannel++;
                out.error(NOPERM_CHANNEL);
            }
        }
        if (multi) s.failMulti(); // Redis's rejectCommand flags the transaction: EXEC aborts
    }

    /** The node-answered ACL subcommands (WHOAMI, LIST, GETUSER, CAT, ...). */
    public void run(ClientSession s, byte[][] argv, ReplySink out) {
        commands.run(s, argv, out);
    }

    /** The logged subcommands (SETUSER, DELUSER, LOAD) as a store extension: they run when their entry applies. */
    public StoreExtension logged() {
        return new AclLogged(this);
    }

    /** The logged subcommands' specs, bound to no node (for the command table). */
    public static StoreExtension detached() {
        return new AclLogged(null);
    }

    // ---- the replicated table ----

    Users users() {
        return users;
    }

    AclCommandSpace space() {
        return space;
    }

    ServerConfig config() {
        return config;
    }

    /** A committed ACL SETUSER; null or the error text. */
    String applySetUser(String name, List<String> rules) {
        return users.setUser(name, rules);
    }

    int applyDelUsers(List<String> names) {
        int n = 0;
        for (String name : names) {
            if (users.delete(name)) {
                n++;
                userGone.accept(name);
            }
        }
        return n;
    }

    /** A committed ACL LOAD: the users of the file the leader read replace the table. */
    String applyLoad(String text) {
        try {
            Users loaded = Users.parse(text, config.string("aclfile"), space, pubsubAll());
            Users old = users;
            users = loaded;
            users.pubsubAll = pubsubAll();
            for (AclUser u : old.all()) if (loaded.get(u.name) == null) userGone.accept(u.name);
            return null;
        } catch (AclRuleError e) {
            return e.getMessage();
        }
    }

    /** Reads and checks the ACL file; null when the table now holds its users, else the error. */
    String loadFile(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + file + "': " + e.getMessage();
        }
        return applyLoad(text);
    }

    /** The table for a snapshot (ACL file format). */
    public byte[] encode() {
        return users.encode();
    }

    /** A snapshot's table replaces ours; an empty one (a snapshot from before ACL) leaves it. */
    public void restore(byte[] encoded) {
        if (encoded == null || encoded.length == 0) return;
        Users old = users;
        users = Users.decode(encoded, space);
        users.pubsubAll = pubsubAll();
        for (AclUser u : old.all()) if (users.get(u.name) == null) userGone.accept(u.name);
    }

    boolean pubsubAll() {
        return config.string("acl-pubsub-default").equals("allchannels");
    }

    // ---- INFO ----

    public long deniedAuth() { return deniedAuth; }
    public long deniedCmd() { return deniedCmd; }
    public long deniedKey() { return deniedKey; }
    public long deniedChannel() { return deniedChannel; }
    public long clusterAuthRefused() { return clusterAuthRefused; }

    /** Whether a command exists for ACL DRYRUN and rules: the table's entry for the words. */
    static ServerCommand lookup(byte[][] argv, int from) {
        return ServerCommandTable.get().resolve(argv, from);
    }
}
