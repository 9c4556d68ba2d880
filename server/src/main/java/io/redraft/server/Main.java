package io.redraft.server;

import io.redraft.server.config.ConfigException;
import io.redraft.server.config.ServerConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar redraft-server.jar --port 5001 [--raft.<name> value ...]}. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ServerConfig.parse(args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        RedraftServer server = RedraftServer.start(config);
        log.info("Ready to accept connections tcp port={}", server.port());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            done.countDown();
        }, "redraft-shutdown"));
        done.await();
    }
}
