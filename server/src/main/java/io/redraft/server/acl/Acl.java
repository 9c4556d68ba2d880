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
        AclUser u = users.get(s.user());
        if (u == null) return r;
        Checked v = check(u, c, r.argv());
        if (v == null) return r;
        if (v.denial() != null) {
            refuse(s, u, v.command(), v.denial(), r.argv(), clientInfo.apply(s), out);
            return null;
        }
        cmd = v.command();
        return switch (cmd.name()) {
            case "acl|setuser" -> commands.beforeLogging(r, out);
            case "acl|load" -> commands.load(r, out);
            default -> r;
        };
    }

    /** The command ACL rules name for a request, and why {@code u} may not run it (null: it may). */
    record Checked(ServerCommand command, AclCheck.Denial denial) {}

    /**
     * The permission check on a classified request: null when there is nothing to check (an
     * unknown command or subcommand, a wrong arity: those get their own errors), else the command
     * the rules name (a subcommand for a container) and the denial, if any. A missing user (one
     * deleted since) is denied everything.
     */
    Checked check(AclUser u, Classification c, byte[][] argv) {
        ServerCommand cmd = c.command();
        if (cmd == null || !c.arityOk()) return null;
        int bit = space.bit(cmd.name());
        int from = c.prefixed() ? 1 : 0;
        if (space.isContainer(bit)) {
            // A subcommand Redis has and this server does not run still has its permission (Redis
            // refuses it before anything else); an unknown one gets its own error first.
            bit = argv.length > from + 1 ? space.bit(cmd.name() + "|" + new String(argv[from + 1], StandardCharsets.ISO_8859_1)) : -1;
            if (bit < 0) return null;
            cmd = space.command(bit);
        }
        if (bit < 0) return null;
        if (u == null) return new Checked(cmd, new AclCheck.Denial(AclCheck.Reason.COMMAND, 0));
        return new Checked(cmd, u.unrestricted ? null : AclCheck.check(u, bit, cmd, argv, from, c::keys));
    }

    private void refuse(ClientSession s, AclUser u, ServerCommand cmd, AclCheck.Denial d, byte[][] argv,
                        String clientInfo, ReplySink out) {
        boolean multi = s.multi() != null;
        record(multi ? "multi" : "toplevel", u.name, cmd, d, argv, clientInfo);
        switch (d.reason()) {
            case COMMAND -> out.error(String.format(NOPERM_COMMAND, cmd.name()));
            case KEY -> out.error(NOPERM_KEY);
            case CHANNEL -> out.error(NOPERM_CHANNEL);
        }
        if (multi) s.failMulti(); // Redis's rejectCommand flags the transaction: EXEC aborts
    }

    /** A refusal in ACL LOG ({@code context}: toplevel, multi or lua) and in the INFO counters. */
    void record(String context, String user, ServerCommand cmd, AclCheck.Denial d, byte[][] argv, String clientInfo) {
        String object = switch (d.reason()) {
            case COMMAND -> cmd.name();
            default -> new String(argv[d.pos()], StandardCharsets.ISO_8859_1);
        };
        aclLog.add(d.reason().name().toLowerCase(Locale.ROOT), context, object, user, clientInfo, System.currentTimeMillis());
        switch (d.reason()) {
            case COMMAND -> deniedCmd++;
            case KEY -> deniedKey++;
            case CHANNEL -> deniedChannel++;
        }
    }

    static final String EXEC_RECHECK = "NOPERM ACLs rules changed between the moment the transaction was accumulated"
            + " and the EXEC call. This command is no longer allowed for the following reason: ";

    /**
     * EXEC's second look at a queued command, as Redis 7.0's execCommand: the user's rules may have
     * changed since MULTI queued it (an ACL SETUSER committed in between). Null when it may still
     * run, else the error that takes its place in EXEC's reply (the other commands run).
     */
    public String execRefusal(ClientSession s, byte[][] command) {
        AclUser u = users.get(s.user());
        if (u == null) return null; // a deleted user's connection is being closed
        Checked v = check(u, ServerCommandTable.get().classify(command), command);
        if (v == null || v.denial() == null) return null;
        record("multi", u.name, v.command(), v.denial(), command, clientInfo.apply(s));
        return EXEC_RECHECK + switch (v.denial().reason()) {
            case COMMAND -> "no permission to execute the command or subcommand";
            case KEY -> "no permission to touch the specified keys";
            case CHANNEL -> "no permission to access one of the channels used as arguments";
        };
    }

    private Function<ClientSession, String> clientInfo = s -> "";

    /** How a client is described in ACL LOG (CLIENT LIST's line), for refusals made off the routing decision. */
    public void clientInfo(Function<ClientSession, String> describe) {
        this.clientInfo = describe;
    }

    String describe(ClientSession s) {
        return clientInfo.apply(s);
    }

    final ScriptCaller scripts = new ScriptCaller(this);

    /** Whether {@code user}'s rules refuse anything (a user that does not exist refuses everything). */
    public boolean restricted(String user) {
        AclUser u = users.get(user);
        return u == null || !u.unrestricted;
    }

    /**
     * Who the scripts about to run were called by: {@code user} as the log entry (or the read)
     * names it, null for no check; {@code live} is the calling client when it is connected here
     * (its refusals go to this node's ACL LOG), else null. Set before a request runs, cleared after.
     */
    public void scriptCaller(String user, ClientSession live) {
        scripts.caller(user, live);
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
