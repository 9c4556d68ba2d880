package io.redraft.server.tool;

/** A tool cannot go on: its message is what the operator reads. */
public final class ToolException extends Exception {
    public ToolException(String message) {
        super(message);
    }
}
