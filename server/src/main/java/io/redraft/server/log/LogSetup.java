package io.redraft.server.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.redraft.server.config.ConfigException;
import io.redraft.server.config.LogLevel;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.config.TraceComponent;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Redis-style logging through SLF4J and Logback, configured in code from {@link ServerConfig}.
 *
 * <p>Levels: SLF4J TRACE = Redis debug, DEBUG = verbose, INFO = notice, WARN/ERROR = warning.
 * Loggers named {@code raft} and below (see {@link #RAFT}) are also filtered by
 * {@code raft.loglevel}; {@code raft.trace.<component>} loggers (see {@link #trace}) are silent
 * unless raft.trace switches the component on, and then log at TRACE (Redis debug) level, which
 * both loglevel and raft.loglevel must let through (as in RedisRaft). Libraries (Netty) log at
 * notice and above only, whatever loglevel says.
 * Changes to loglevel, raft.loglevel and raft.trace by CONFIG SET apply at once.
 */
public final class LogSetup {
    /** Parent logger of everything the Raft side of the node logs. */
    public static final String RAFT = "raft";
    private static final String TRACE_PREFIX = RAFT + ".trace.";
    private static final String[] LIBRARIES = {"io.netty", "ch.qos.logback"};

    private LogSetup() {}

    /** The logger for raft.trace's component {@code c}; log with {@code trace(...)}. */
    public static org.slf4j.Logger trace(TraceComponent c) {
        return LoggerFactory.getLogger(TRACE_PREFIX + c.configName());
    }

    /** A logger under {@link #RAFT}, e.g. {@code raft("node")}; filtered by raft.loglevel too. */
    public static org.slf4j.Logger raft(String name) {
        return LoggerFactory.getLogger(RAFT + "." + name);
    }

    static boolean isRaftLogger(String name) {
        return name.equals(RAFT) || name.startsWith(RAFT + ".");
    }

    /**
     * Sends all logging to {@code logfile} (appended) or standard output, in Redis's format, and
     * logs the configuration's start-up notices.
     *
     * @throws ConfigException "Can't open the log file: reason" when the file cannot be opened
     */
    public static void install(ServerConfig config) throws ConfigException {
        install(config, Clock.systemDefaultZone(), ProcessHandle.current().pid());
    }

    static void install(ServerConfig config, Clock clock, long pid) throws ConfigException {
        OutputStream out = open(config);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        RedisLogAppender appender = new RedisLogAppender(out, pid, clock);
        appender.setContext(ctx);
        appender.setName("redis");
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        applyLevels(ctx, config);
        for (String key : new String[] {"loglevel", "raft.loglevel", "raft.trace"}) {
            config.onChange(key, v -> applyLevels(ctx, config));
        }
        org.slf4j.Logger log = LoggerFactory.getLogger(LogSetup.class);
        for (String notice : config.startupNotices()) log.info(notice);
    }

    private static OutputStream open(ServerConfig config) throws ConfigException {
        String file = config.logfile();
        if (file.isEmpty()) return System.out;
        try {
            return new FileOutputStream(config.dir().resolve(Path.of(file)).toFile(), true);
        } catch (IOException e) {
            throw new ConfigException("Can't open the log file: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        int paren = m.lastIndexOf(" (");
        return paren >= 0 && m.endsWith(")") ? m.substring(paren + 2, m.length() - 1) : m;
    }

    static void applyLevels(LoggerContext ctx, ServerConfig config) {
        Level redis = Levels.toLogback(config.loglevel());
        Level raft = Levels.stricter(redis, Levels.toLogback(config.raftLoglevel()));
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(redis);
        ctx.getLogger(RAFT).setLevel(raft);
        for (String library : LIBRARIES) {
            // Redis's debug level is about the server's own doings, not its libraries' internals.
            ctx.getLogger(library).setLevel(Levels.stricter(redis, Level.INFO));
        }
        Set<TraceComponent> on = config.trace();
        for (TraceComponent c : TraceComponent.values()) {
            // RedisRaft writes traces as debug messages through its own level check and then
            // Redis's: they need raft.loglevel debug and loglevel debug too.
            ctx.getLogger(TRACE_PREFIX + c.configName()).setLevel(on.contains(c) ? raft : Level.OFF);
        }
    }

    /** For tests: whether a message at {@code level} on {@code logger} would be written. */
    static boolean enabled(String logger, LogLevel level) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        return ctx.getLogger(logger).isEnabledFor(Levels.toLogback(level));
    }
}
