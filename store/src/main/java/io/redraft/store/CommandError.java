package io.redraft.store;

/**
 * Thrown by a command before it changes anything, to reply with an error. The message is the
 * whole error line including its code ("ERR ...", "WRONGTYPE ..."). No stack trace: this is
 * control flow, not a fault.
 */
public final class CommandError extends RuntimeException {
    public CommandError(String message) {
        super(message, null, false, false);
    }
}
