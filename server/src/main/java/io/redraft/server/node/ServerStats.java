package io.redraft.server.node;

import java.util.Map;
import java.util.TreeMap;

/** Counters behind INFO stats and INFO errorstats; node thread only. CONFIG RESETSTAT zeroes them. */
public final class ServerStats {
    /** Redis's ERROR_STATS_NUMBER: error codes past this many distinct ones are not tracked. */
    static final int MAX_ERROR_CODES = 128;

    public long connectionsReceived;
    public long commandsProcessed;
    public long rejectedConnections;
    public long errorReplies;
    /** Error replies by code, the error's first word ({@code ERR}, {@code WRONGTYPE}, {@code MOVED}...), in Redis's order. */
    final Map<String, Long> errorCodes = new TreeMap<>();

    /** An error reply went to a client: count it under its code, as Redis's afterErrorReply. */
    void countError(String error) {
        errorReplies++;
        int space = error.indexOf(' ');
        String code = space < 0 ? error : error.substring(0, space);
        Long n = errorCodes.get(code);
        if (n != null) {
            errorCodes.put(code, n + 1);
        } else if (errorCodes.size() < MAX_ERROR_CODES) {
            errorCodes.put(code, 1L);
        }
    }
    /** A copy of the error replies by code (INFO errorstats), for the metrics listener. */
    public Map<String, Long> errorCodes() {
        return new TreeMap<>(errorCodes);
    }

    /** Clients closed for overcoming client-output-buffer-limit. */
    public long outputBufferLimitDisconnections;

    /** Resets kept elsewhere (command statistics and latency histograms). */
    Runnable alsoReset = () -> { };

    void reset() {
        alsoReset.run();
        connectionsReceived = 0;
        commandsProcessed = 0;
        rejectedConnections = 0;
        errorReplies = 0;
        errorCodes.clear();
        outputBufferLimitDisconnections = 0;
    }
}
