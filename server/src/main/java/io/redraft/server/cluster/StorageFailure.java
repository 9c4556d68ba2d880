package io.redraft.server.cluster;

/** Tells a full disk apart from other storage failures, for an error message that says what to do. */
final class StorageFailure {
    private StorageFailure() {}

    /** ENOSPC (or EDQUOT) anywhere in the cause chain: the JDK reports both only through the message. */
    static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) return true;
        }
        return false;
    }
}
