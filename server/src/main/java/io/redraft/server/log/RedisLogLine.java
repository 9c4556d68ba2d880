package io.redraft.server.log;

import io.redraft.server.config.LogLevel;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Redis's log line: {@code <pid>:<role> 25 Nov 2026 15:22:01.123 <mark> <message>}, in local time,
 * where the mark is {@code .} debug, {@code -} verbose, {@code *} notice, {@code #} warning.
 */
final class RedisLogLine {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH);

    /** Redis truncates a message to its 1024-byte buffer; we count characters. */
    static final int MAX_MESSAGE = 1023;

    private RedisLogLine() {}

    /** Role 'M' = master, as every Redraft process reports itself (no replicas, no forked children). */
    static String format(long pid, char role, Instant when, ZoneId zone, LogLevel level, String message) {
        String msg = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        return pid + ":" + role + " " + TIME.format(when.atZone(zone)) + " " + level.mark() + " " + msg + "\n";
    }
}
