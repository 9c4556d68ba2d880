package io.redraft.server.log;

import ch.qos.logback.classic.Level;
import io.redraft.server.config.LogLevel;

/**
 * Redis's four levels on SLF4J's: TRACE is Redis "debug", DEBUG is "verbose", INFO is "notice",
 * WARN and ERROR are "warning".
 */
final class Levels {
    private Levels() {}

    static Level toLogback(LogLevel level) {
        return switch (level) {
            case DEBUG -> Level.TRACE;
            case VERBOSE -> Level.DEBUG;
            case NOTICE -> Level.INFO;
            case WARNING -> Level.WARN;
            case NOTHING -> Level.OFF;
        };
    }

    static LogLevel toRedis(Level level) {
        return switch (level.toInt()) {
            case Level.TRACE_INT -> LogLevel.DEBUG;
            case Level.DEBUG_INT -> LogLevel.VERBOSE;
            case Level.INFO_INT -> LogLevel.NOTICE;
            default -> LogLevel.WARNING;
        };
    }

    /** The stricter of two levels: a message must pass both. */
    static Level stricter(Level a, Level b) {
        return a.toInt() >= b.toInt() ? a : b;
    }
}
