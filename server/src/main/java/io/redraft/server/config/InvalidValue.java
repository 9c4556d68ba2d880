package io.redraft.server.config;

/** A value refused by a parameter's type or rule; the message is Redis's reason text. */
final class InvalidValue extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidValue(String reason) {
        super(reason, null, false, false);
    }
}
