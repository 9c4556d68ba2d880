package io.redraft.resp;

/**
 * A request the decoder cannot accept. As in Redis, the connection is closed afterwards; the
 * client first receives {@code -ERR <message>} unless {@link #silent()} (the query buffer limit,
 * which Redis enforces by dropping the client without a word).
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean silent;

    ProtocolException(String message, boolean silent) {
        super(message, null, false, false);
        this.silent = silent;
    }

    static ProtocolException reply(String message) {
        return new ProtocolException(message, false);
    }

    static ProtocolException silentClose(String reason) {
        return new ProtocolException(reason, true);
    }

    /** True when Redis closes the connection without replying. */
    public boolean silent() {
        return silent;
    }

    /** The error line to send, without the leading '-', e.g. {@code ERR Protocol error: invalid bulk length}. */
    public String errorLine() {
        return "ERR " + getMessage();
    }
}
