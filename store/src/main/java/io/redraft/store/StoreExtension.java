package io.redraft.store;

/**
 * Commands implemented outside the store module (scripting) that join one store's command
 * table. The store does not depend on them: a server that wants them constructs the store with
 * {@code new Store(extension)}. Their handlers may run commands on the same store through
 * {@link Store#execute}, as scripts do.
 */
@FunctionalInterface
public interface StoreExtension {
    /** Adds this extension's commands to {@code table}, which belongs to {@code store} alone. */
    void register(CommandTable table, Store store);

    /**
     * Adds this extension's replicated state to a snapshot being taken (on the store's thread, so
     * what is added must not change afterwards): AUX fields and function libraries.
     */
    default void saveTo(java.util.Map<String, byte[]> aux, java.util.List<byte[]> functions) {
    }

    /**
     * Replaces this extension's state with a loaded file's (a snapshot installed or loaded at
     * start, a dump imported); {@code extras} holds every AUX field of the file, each extension
     * reads its own.
     */
    default void loadFrom(io.redraft.store.rdb.RdbExtras extras) {
    }
}
