package io.redraft.server.node;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the exceptions commands threw (bugs: the client got {@code ERR internal error}) with their
 * stack trace, once per command and exception class, so that a client repeating the request cannot
 * flood the log; the reply itself is counted in INFO errorstats as every error is.
 */
public final class InternalErrors {
    private static final Logger log = LoggerFactory.getLogger(InternalErrors.class);
    private static final int MAX_REPORTED = 1024;

    private final Set<String> reported = new HashSet<>();
    /** Exceptions seen, logged or not (INFO stats {@code internal_error_replies}, not a Redis field). */
    long count;

    public void report(String command, RuntimeException bug) {
        count++;
        String key = command + ' ' + bug.getClass().getName();
        if (reported.size() < MAX_REPORTED && reported.add(key)) {
            log.warn("Command '{}' failed with an internal error (a bug; reported once per command and exception)",
                    command, bug);
        }
    }
}
