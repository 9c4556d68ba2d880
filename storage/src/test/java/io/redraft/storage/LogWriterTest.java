package io.redraft.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Group commit and back-pressure of the log thread, made deterministic by holding it inside fsync. */
class LogWriterTest {
    private final SimulatedFileSystem fs = new SimulatedFileSystem();
    private final CountDownLatch inForce = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private NodeStorage storage;

    @AfterEach
    void close() throws Exception {
        release.countDown();
        if (storage != null) storage.close();
    }

    private void holdTheFirstFsync(int queueDepth) throws Exception {
        StorageConfig config = simConfig(true);
        config = new StorageConfig(config.dir(), config.logFilename(), config.dbFilename(), true,
                config.maxFileSize(), config.maxCacheSize(), queueDepth);
        storage = fresh(fs, config);
        fs.onForce(() -> {
            inForce.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void everythingQueuedDuringAnFsyncSharesTheNextOne() throws Exception {
        holdTheFirstFsync(1024);
        long forcesBefore = fs.forces();
        List<CompletableFuture<LogWriter.Persisted>> acks = new ArrayList<>();
        for (int i = 1; i <= 51; i++) {
            CompletableFuture<LogWriter.Persisted> ack = new CompletableFuture<>();
            storage.writer().submit(entries(i, i, 1), null, ack::complete);
            acks.add(ack);
            if (i == 1) assertThat(inForce.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acks.get(1)).isNotDone();
        assertThat(storage.log().lastIndex()).isZero(); // not durable, so not visible
        release.countDown();
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acks.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(new LogWriter.Persisted(i + 1, 1));
        }
        assertThat(fs.forces() - forcesBefore).isEqualTo(2);
        assertThat(storage.stats().fsyncCount()).isEqualTo(2);
        assertThat(storage.log().lastIndex()).isEqualTo(51);
    }

    @Test
    void aFullQueueBlocksTheProducer() throws Exception {
        holdTheFirstFsync(2);
        storage.writer().submit(entries(1, 1, 1), null, p -> {});
        assertThat(inForce.await(10, TimeUnit.SECONDS)).isTrue();
        storage.writer().submit(entries(2, 2, 1), null, p -> {});
        storage.writer().submit(entries(3, 3, 1), null, p -> {});
        CompletableFuture<LogWriter.Persisted> last = new CompletableFuture<>();
        Thread producer = new Thread(() -> {
            try {
                storage.writer().submit(entries(4, 4, 1), null, last::complete);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        while (producer.getState() != Thread.State.WAITING) {
            assertThat(producer.isAlive()).isTrue();
            Thread.onSpinWait();
        }
        release.countDown();
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(new LogWriter.Persisted(4, 1));
        producer.join();
    }

    @Test
    void fsyncOffAcknowledgesWithoutSyncing() throws Exception {
        storage = fresh(fs, simConfig(false));
        long forcesBefore = fs.forces();
        assertThat(append(storage, entries(1, 5, 1), null)).isEqualTo(new LogWriter.Persisted(5, 1));
        assertThat(fs.forces()).isEqualTo(forcesBefore);
        assertThat(storage.stats().fsyncCount()).isZero();
        assertThat(storage.log().lastIndex()).isEqualTo(5);
    }
}
