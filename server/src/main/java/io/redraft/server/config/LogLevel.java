package io.redraft.server.config;

/** Redis's log levels, most verbose first, with the mark Redis writes in each log line. */
public enum LogLevel {
    DEBUG('.'), VERBOSE('-'), NOTICE('*'), WARNING('#'), NOTHING(' ');

    private final char mark;

    LogLevel(char mark) {
        this.mark = mark;
    }

    public char mark() {
        return mark;
    }

    static LogLevel of(String configValue) {
        return valueOf(configValue.toUpperCase(java.util.Locale.ROOT));
    }
}
