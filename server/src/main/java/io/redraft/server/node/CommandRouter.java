package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.ReplySink;
import io.redraft.server.command.CommandCommand;
import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides where a request goes, following RedisRaft's interception model (reference §1.1, §6.1):
 * node-local commands (PING, AUTH, HELLO, CONFIG, CLIENT, COMMAND, ...) run here in any state;
 * INFO works in any state too; everything else, including ECHO and SELECT, goes to the
 * {@link ClusterRole}, which answers NOCLUSTER, MOVED or CLUSTERDOWN before running it.
 */
public final class CommandRouter {
    /**
     * Commands Redis runs before AUTH (no_auth) that the node answers itself: AUTH, HELLO, QUIT.
     * RESET is no_auth too, but refused here, so before AUTH it gets NOAUTH.
     */
    private static final Set<String> NO_AUTH = names(c -> c.info().has("no_auth") && c.route() == Route.NODE);

    private final NodeThread node;
    private final SessionCommands session;
    private final ClientCommand client;
    private final ConfigCommand config;
    private final InfoCommand info;
    private ClusterRole role;
    private final CommandCommand command = new CommandCommand();

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

    /** Node-local names (and the RAFT prefix): answered at once, so never pipelined behind writes. */
    private static final Set<String> LOCAL = names(c -> c.route() == Route.NODE || c.route() == Route.LOCAL
            || c.route() == Route.PREFIX);

    private static Set<String> names(java.util.function.Predicate<ServerCommand> p) {
        Set<String> out = new HashSet<>();
        for (ServerCommand c : ServerCommandTable.get().listed()) if (p.test(c)) out.add(c.name());
        return Set.copyOf(out);
    }

    /** Whether this request is a write that may be handed to the log behind the session's earlier writes. */
    boolean pipelinableWrite(ClientSession s, byte[][] argv) {
        String name = lower(argv[0]);
        if (!s.authenticated || LOCAL.contains(name) || name.startsWith("raft.") || ignored.contains(name)) return false;
        return role.pipelinableWrite(s, argv);
    }

    /** Whether this request is a read that may wait for its ReadIndex round beside the session's earlier reads. */
    boolean pipelinableRead(ClientSession s, byte[][] argv) {
        String name = lower(argv[0]);
        if (!s.authenticated || LOCAL.contains(name) || name.startsWith("raft.") || ignored.contains(name)) return false;
        return role.pipelinableRead(s, argv);
    }

    void disconnected(ClientSession s) {
        role.disconnected(s);
    }

    void dispatch(ClientSession s, byte[][] argv) {
        ReplySink out = node.sink(s);
        String name = lower(argv[0]);
        s.lastCommand = name;
        if (!s.authenticated && !NO_AUTH.contains(name)) {
            out.error(Replies.NOAUTH);
            return;
        }
        switch (name) {
            case "ping" -> session.ping(s, argv, out);
            case "quit" -> session.quit(s, out);
            case "hello" -> session.hello(s, argv, out);
            case "auth" -> session.auth(s, argv, out);
            case "time" -> session.time(argv, out);
            case "client" -> {
                if (ClientCommand.isSessionNew(argv)) intercepted(s, argv, out);
                else client.run(s, argv, out);
            }
            case "config" -> config.run(s, argv, out);
            case "command" -> {
                if (argv.length > 1) s.lastCommand = "command|" + lower(argv[1]);
                command.run(argv, out);
            }
            case "raft" -> {
                if (argv.length < 2) out.error(Replies.arity("raft"));
                else intercepted(s, Arrays.copyOfRange(argv, 1, argv.length), out);
            }
            default -> {
                if (name.startsWith("raft.")) {
                    if (!role.raftCommand(s, name, argv, out)) out.error(Replies.unknownCommand(argv));
                } else if (ignored.contains(name)) {
                    role.ignored(s, argv, out);
                } else {
                    intercepted(s, argv, out);
                }
            }
        }
    }

    private void intercepted(ClientSession s, byte[][] argv, ReplySink out) {
        if (lower(argv[0]).equals("info")) info.run(s, argv, role, out);
        else role.intercepted(s, argv, out);
    }

    /** ECHO and SELECT, once the role has let them through: they touch no data, so they run locally. */
    public boolean sessionLocal(ClientSession s, byte[][] argv, ReplySink out) {
        switch (lower(argv[0])) {
            case "echo" -> session.echo(argv, out);
            case "select" -> session.select(s, argv, out);
            default -> {
                return false;
            }
        }
        return true;
    }
}
