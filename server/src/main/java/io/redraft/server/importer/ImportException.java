package io.redraft.server.importer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A RedisRaft file the importer will not convert: its message names the file and the byte
 * offset, since the operator has to look at exactly that place (the originals are untouched).
 */
public final class ImportException extends IOException {
    public ImportException(Path file, long offset, String problem) {
        super("Cannot convert RedisRaft files: " + file + " at offset " + offset + ": " + problem);
    }

    public ImportException(String problem) {
        super("Cannot convert RedisRaft files: " + problem);
    }
}
