package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.ReplySink;
import io.redraft.server.command.Classification;
import io.redraft.server.command.CommandCommand;
import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import io.redraft.server.pubsub.PubSubCommands;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides where a request goes, following RedisRaft's interception model (reference §1.1, §6.1):
 * node-local commands (PING, AUTH, HELLO, CONFIG, CLIENT, COMMAND, INFO: route NODE) run here in
 * any state; everything else, including ECHO and SELECT, goes to the {@link ClusterRole}, which
 * answers NOCLUSTER, MOVED or CLUSTERDOWN before running it. The route comes with the request
 * (classified when it was decoded); nothing here looks the command up again.
 */
public final class CommandRouter {
    /**
     * Commands Redis runs before AUTH (no_auth) that the node answers itself: AUTH, HELLO, QUIT,
     * RESET.
     */
    private static final Set<String> NO_AUTH = names(c -> c.info().has("no_auth") && c.route() == Route.NODE);

    private final NodeThread node;
    private final SessionCommands session;
    private final ClientCommand client;
    private final ConfigCommand config;
    private final InfoCommand info;
    private final ServerAdmin admin;
    private ClusterRole role;
    private final CommandCommand command = new CommandCommand();
    private final PubSubCommands pubsub;
    private final ResetCommand reset;

    /** {@code raft.ignored-commands}, as typed: RedisRaft matches lower-cased names, so only lower-case entries work. */
    private volatile Set<String> ignored;

    public CommandRouter(NodeThread node, ClusterRole role) {
        this.node = node;
        this.role = role;
        var cfg = node.context().config;
        this.ignored = Set.copyOf(cfg.ignoredCommands());
        cfg.onChange("raft.ignored-commands", v -> ignored = Set.copyOf(cfg.ignoredCommands()));
        this.session = new SessionCommands(node);
        this.client = new ClientCommand(node);
        this.config = new ConfigCommand(node.context());
        this.info = new InfoCommand(node);
        this.pubsub = new PubSubCommands(node.pubsub());
        this.reset = new ResetCommand(node);
        node.context().acl.clientInfo(ClientCommand::describe); // for refusals at EXEC and in scripts
        // As Redis: a deleted user's connections are closed.
        node.context().acl.onUserGone(user -> {
            java.util.List<ClientSession> gone = new java.util.ArrayList<>();
            for (ClientSession c : node.sessions()) if (c.user.equals(user)) gone.add(c);
            gone.forEach(node::closeAfterReply);
        });
        this.admin = new ServerAdmin(node);
    }

    /** {@code raft.ignored-commands}, parsed once per change. */
    public Set<String> ignored() {
        return ignored;
    }

    public void role(ClusterRole role) {
        this.role = role;
    }

    public ClusterRole role() {
        return role;
    }

    private static Set<String> names(java.util.function.Predicate<ServerCommand> p) {
        Set<String> out = new HashSet<>();
        for (ServerCommand c : ServerCommandTable.get().listed()) if (p.test(c)) out.add(c.name());
        return Set.copyOf(out);
    }

    /**
     * Whether this request may be executed while the session's earlier writes (or reads) are in
     * flight: a data command the store runs, outside the don't-intercept list, that the role
     * would send down the same path. Read from the classification made at decode.
     */
    boolean pipelinable(ClientSession s, ClientRequest r) {
        Classification c = r.classification();
        if (!s.authenticated || c.prefixed() || (c.route() != Route.REPLICATED && c.route() != Route.READ_INDEX)
                || r.runnable() == null || ignored.contains(r.name())) {
            return false;
        }
        return role.pipelinable(s, r);
    }

    void disconnected(ClientSession s) {
        role.disconnected(s);
    }

    /**
     * The one routing decision, by the route the request was classified with: node-local
     * commands run here in any state, RAFT.* go to the role's administration, and everything else
     * is intercepted (NOCLUSTER, LOADING, MOVED, then the client path), except the names in
     * {@code raft.ignored-commands}, which RedisRaft hands to Redis untouched.
     */
    void dispatch(ClientSession s, ClientRequest r) {
        ReplySink out = node.sink(s);
        byte[][] argv = r.argv();
        String name = r.name();
        s.lastCommand = name;
        if (!s.authenticated && !NO_AUTH.contains(name)) {
            out.error(Replies.NOAUTH);
            return;
        }
        if ((r = node.context().acl.admit(s, r, ClientCommand::describe, out)) == null) return; // ACL: NOPERM
        Classification c = r.classification();
        String refused = pubsub.refusedInSubscribedMode(s, c);
        if (refused != null) {
            out.error(refused);
            return;
        }
        node.pubsub().tracking().beforeCommand(s, argv, c, s.multi() != null);
        if (c.prefixed()) {
            intercepted(s, r, out); // RAFT <command>: the inner command, intercepted
            return;
        }
        switch (c.route()) {
            case NODE -> nodeLocal(s, r, out);
            case PREFIX -> out.error(Replies.arity("raft")); // RAFT without a command
            case ADMIN -> role.raftCommand(s, r, out);
            default -> {
                if (name.startsWith("raft.")) out.error(Replies.unknownCommand(argv)); // one this node does not run
                else if (ignored.contains(name) && !ClientCommand.isSessionNew(argv)) role.ignored(s, r, out);
                else intercepted(s, r, out);
            }
        }
    }

    /** The commands RedisRaft never intercepts: the node answers them in any state. */
    private void nodeLocal(ClientSession s, ClientRequest r, ReplySink out) {
        byte[][] argv = r.argv();
        switch (r.name()) {
            case "ping" -> {
                if (!pubsub.ping(s, argv, out)) KeylessCommands.run(argv, s.protocol, out);
            }
            case "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "pubsub" -> {
                if (s.multi() != null) { // queued as Redis queues them; EXEC runs them here (PubSub.ranInExec)
                    pubsub.queue(s, r.name(), argv, r.classification().arityOk(), out);
                    return;
                }
                // A shard channel lives with its slot, as in Redis Cluster: subscribe where it is published.
                String refusal = r.name().equals("ssubscribe") ? role.channelSlotRefusal(r) : null;
                if (refusal != null) out.error(refusal);
                else pubsub.run(s, r.name(), argv, out);
            }
            case "reset" -> reset.run(s, argv, out);
            case "quit" -> session.quit(s, out);
            case "hello" -> session.hello(s, argv, out);
            case "auth" -> session.auth(s, argv, out);
            case "time" -> session.time(argv, out);
            case "asking", "readonly", "readwrite" -> {
                // Redis Cluster's connection flags: ASKING lasts one command; every node of a
                // group redirects reads to its leader anyway, so READONLY changes nothing here.
                if (!r.classification().arityOk()) {
                    out.error(Replies.arity(r.name()));
                    return;
                }
                if (r.name().equals("asking")) s.asking();
                out.status("OK");
            }
            case "acl" -> node.context().acl.run(s, argv, out);
            case "client" -> client.run(s, argv, out);
            case "config" -> config.run(s, argv, out);
            case "command" -> {
                if (argv.length > 1) s.lastCommand = "command|" + lower(argv[1]);
                command.run(argv, out);
            }
            case "info" -> {
                if (ignored.contains("info")) role.ignored(s, r, out);
                else info.run(s, argv, role, out);
            }
            case "slowlog", "latency" -> {
                if (argv.length < 2) out.error(Replies.arity(r.name()));
                else if (r.name().equals("slowlog")) node.commandLog.slowlog.run(s, argv, out);
                else node.commandLog.latency.run(s, argv, out);
            }
            case "monitor" -> admin.monitor(s, argv, out);
            case "shutdown" -> admin.shutdown(s, argv, out);
            case "lastsave" -> admin.lastsave(argv, out);
            case "role" -> admin.role(argv, role, out);
            case "lolwut" -> admin.lolwut(argv, out);
            default -> throw new IllegalStateException("node route without a handler: " + r);
        }
    }

    private void intercepted(ClientSession s, ClientRequest r, ReplySink out) {
        if (r.route() == Route.NODE && r.commandName().equals("info")) info.run(s, r.command(), role, out);
        else role.intercepted(s, r, out);
    }
}
