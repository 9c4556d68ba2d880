package io.redraft.server.config;

/**
 * A configuration error, with the text Redis 7 would show for it.
 *
 * <p>At start-up ({@link ServerConfig#parse}) the message is the whole report to print on stderr
 * with {@code System.err.println} before exiting with status 1 (for a bad directive, Redis's
 * {@code *** FATAL CONFIG FILE ERROR ***} block, which starts with an empty line). From {@link ServerConfig#set} the message is what CONFIG SET replies after {@code -ERR }.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
