package io.redraft.server.tool;

/** A failure that ends the admin tool with a message and an exit code. */
public final class AdminException extends Exception {
    final int exitCode;
    /** Print the usage text after the message: the command line itself was wrong. */
    boolean showUsage;

    private AdminException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Bad arguments, or nodes that cannot be reached or refuse a step: exit code 2. */
    static AdminException connection(String message) {
        return new AdminException(message, AdminMain.EXIT_ERROR);
    }

    AdminException withUsage() {
        showUsage = true;
        return this;
    }

    static AdminException usage(String message) {
        return new AdminException(message, AdminMain.EXIT_ERROR);
    }
}
