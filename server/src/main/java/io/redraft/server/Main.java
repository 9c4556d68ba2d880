package io.redraft.server;

import io.redraft.server.config.ConfigException;
import io.redraft.server.config.EarlyExit;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.log.LogSetup;
import io.redraft.server.net.tls.TlsFailed;
import io.redraft.server.ops.SystemdNotify;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar redraft-server.jar [redis.conf] [--port 5001] [--raft.<name> value ...]}, as redis-server. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        var early = EarlyExit.of(args);
        if (early.isPresent()) {
            (early.get().stderr() ? System.err : System.out).println(early.get().text());
            System.exit(early.get().status());
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(args);
            LogSetup.install(config);
            config.resolveRaftAddr();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        RedraftServer server;
        try {
            server = RedraftServer.start(config);
        } catch (TlsFailed e) {
            log.error(e.getMessage());
            log.error(TlsFailed.CONFIGURE_FAILED);
            System.exit(1);
            return;
        } catch (RedraftServer.ListenFailed e) {
            log.error(e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            log.error("Failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        server.onRemoved(() -> new Thread(() -> System.exit(0), "redraft-removed").start());
        server.onShutdown(() -> new Thread(() -> System.exit(0), "redraft-shutdown-command").start());
        server.onFatal(() -> new Thread(() -> System.exit(1), "redraft-fatal").start());
        // Redis 7.2's lines, one per listener.
        if (config.port() != 0 || config.tlsPort() == 0) log.info("Ready to accept connections tcp");
        if (config.tlsPort() != 0) log.info("Ready to accept connections tls");
        PidFile pid = PidFile.write(config, log);
        SystemdNotify.ready();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SystemdNotify.stopping();
            server.close();
            pid.remove();
            done.countDown();
        }, "redraft-shutdown"));
        done.await();
    }
}
