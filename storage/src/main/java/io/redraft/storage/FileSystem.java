package io.redraft.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The directory a node keeps its files in. Every byte storage reads or writes goes through this
 * interface so that tests can substitute a file system that loses unsynced data, tears writes and
 * flips bits (see {@code SimulatedFileSystem} in the tests). Names are plain file names inside the
 * directory.
 *
 * <p>Durability contract, which the simulated implementation enforces strictly: data written to a
 * file survives a power loss only after {@link StorageFile#force()}; a file's creation, a rename
 * and a deletion survive only after {@link #syncDirectory()}.
 */
public interface FileSystem {
    /** Opens {@code name} for reading and writing, creating it empty if absent. */
    StorageFile open(String name) throws IOException;

    boolean exists(String name) throws IOException;

    /** Atomically replaces {@code to} (if present) with {@code from}. */
    void rename(String from, String to) throws IOException;

    /** Deletes {@code name} if it exists. */
    void delete(String name) throws IOException;

    /** Makes creations, renames and deletions in the directory durable. */
    void syncDirectory() throws IOException;

    List<String> list() throws IOException;

    /** Human-readable location of {@code name}, for error messages. */
    String describe(String name);

    static FileSystem real(Path directory) {
        return new RealFileSystem(directory);
    }
}
