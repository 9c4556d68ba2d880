package io.redraft.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RedisProcess;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for differential tests: a one-node cluster of ours ({@link #node}) beside a stock
 * redis-server ({@link #redis}), both fresh for each test; skipped where redis-server is missing.
 */
abstract class BesideRedisFixture extends InProcessClusterFixture {
    RedisProcess redis;
    int node;

    /** Arguments our node starts with besides the cluster's own. */
    String[] nodeArgs() {
        return new String[0];
    }

    @BeforeEach
    void startBoth() throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        redis = RedisProcess.start();
        node = cluster.form(1, nodeArgs())[0];
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) redis.close();
    }
}
