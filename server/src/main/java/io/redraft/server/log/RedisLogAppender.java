package io.redraft.server.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes each event as one Redis log line, flushed at once so a crash loses nothing already
 * logged. RedisRaft's messages (loggers under {@code raft}) carry the {@code <redisraft>} prefix
 * that Redis puts on module log lines, so tools grepping RedisRaft logs keep working.
 */
final class RedisLogAppender extends AppenderBase<ILoggingEvent> {
    private final OutputStream out;
    private final long pid;
    private final Clock clock;

    RedisLogAppender(OutputStream out, long pid, Clock clock) {
        this.out = out;
        this.pid = pid;
        this.clock = clock;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (LogSetup.isRaftLogger(event.getLoggerName())) message = "<redisraft> " + message;
        Instant when = event.getTimeStamp() > 0 ? Instant.ofEpochMilli(event.getTimeStamp()) : clock.instant();
        StringBuilder line = new StringBuilder(RedisLogLine.format(pid, 'M', when, clock.getZone(),
                Levels.toRedis(event.getLevel()), message));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(t == event.getThrowableProxy() ? "" : "Caused by: ")
                    .append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append('\t').append(frame.getSTEAsString()).append('\n');
            }
        }
        try {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            addError("cannot write the log", e);
        }
    }

    @Override
    public void stop() {
        super.stop();
        if (!(out instanceof PrintStream)) {
            try {
                out.close();
            } catch (IOException ignored) {
                // Closing at shutdown: nowhere left to report it.
            }
        }
    }
}
