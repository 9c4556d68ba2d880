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
}
