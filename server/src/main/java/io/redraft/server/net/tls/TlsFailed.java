package io.redraft.server.net.tls;

/**
 * TLS could not be set up from the configuration. The message is the line Redis logs for the
 * same fault (e.g. {@code Failed to load private key: node.key: bad decrypt}); at start-up the
 * node logs it and then Redis's {@link #CONFIGURE_FAILED} before exiting.
 */
public final class TlsFailed extends RuntimeException {
    /** What redis-server logs after the cause when TLS cannot be configured at start-up. */
    public static final String CONFIGURE_FAILED = "Failed to configure TLS. Check logs for more info.";
    /** The CONFIG SET error when the new TLS settings cannot be applied (the cause goes to the log). */
    public static final String UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";

    public TlsFailed(String message) {
        super(message);
    }

    TlsFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
