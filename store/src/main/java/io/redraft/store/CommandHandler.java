package io.redraft.store;

/** A command's implementation. It throws {@link CommandError} only before changing anything. */
@FunctionalInterface
public interface CommandHandler {
    void run(Call call);
}
