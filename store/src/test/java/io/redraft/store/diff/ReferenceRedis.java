package io.redraft.store.diff;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The redis-server a differential test class compares against: one per class, started before its
 * first test and killed after its last. Register it as a static field with
 * {@code @RegisterExtension}. Without a redis-server binary the class's tests are skipped, not
 * failed, so the suite still runs on machines that lack one.
 */
final class ReferenceRedis implements BeforeAllCallback, AfterAllCallback {
    private final String[] extraArgs;
    private RedisProcess process;

    /** A stock server; {@code extraArgs} are added to its command line (e.g. "--databases", "1"). */
    ReferenceRedis(String... extraArgs) {
        this.extraArgs = extraArgs;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        process = RedisProcess.start(extraArgs);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** The port the running server listens on (127.0.0.1). */
    int port() {
        return process.port;
    }
}
