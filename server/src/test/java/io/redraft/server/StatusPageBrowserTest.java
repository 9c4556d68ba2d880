package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RawClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real browser: headless Chromium (Debian's chromium and chromium-driver)
 * loads a follower's page of a 3-node cluster, finds the three nodes and the leader, and sees the
 * leader change after the leader is stopped. The last screenshot is kept in
 * server/target/status-page.png. Skipped where chromedriver is not installed.
 */
class StatusPageBrowserTest extends InProcessClusterFixture {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private WebDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser == null) return;
        try {
            Files.write(Path.of("target", "status-page.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (Exception ignored) {
            // the screenshot is an artifact to look at, not part of the verdict
        }
        browser.quit();
    }

    private WebDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900",
                // Nothing but loopback: proves the page needs no asset from the internet.
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(svc, o);
    }

    @Test
    void thePageShowsTheNodesTheLeaderAndALeaderChange() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.exists(CHROMIUM), "chromium and chromium-driver are not installed");
        int[] ports = new int[3];
        int[] metrics = new int[3];
        List<RedraftServer> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ports[i] = InProcessCluster.freePort();
            servers.add(cluster.start("n" + (i + 1), ports[i], "--metrics-port", Integer.toString(InProcessCluster.freePort())));
            metrics[i] = servers.get(i).metricsPort();
        }
        String firstLeader;
        try (RawClient c = new RawClient(ports[0])) {
            c.call("RAFT.CLUSTER", "INIT");
            await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            for (int i = 1; i < 3; i++) {
                try (RawClient j = new RawClient(ports[i])) {
                    assertThat(j.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo("+OK\r\n");
                }
            }
            await(() -> c.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
            firstLeader = nodeId(c);
        }

        browser = chromium();
        browser.get("http://127.0.0.1:" + metrics[1] + "/");
        // Three nodes, one of them marked leader: n1.
        await(Duration.ofSeconds(30), () -> rowCount() + " " + leaderOnPage(), v -> v.equals("3 " + firstLeader));
        assertThat(textOf("role")).isEqualTo("follower");
        assertThat(textOf("ready")).isEqualTo("yes");
        // Commands on this node show up as a rate and a p99 within a poll or two.
        try (RawClient c = new RawClient(ports[1])) {
            await(Duration.ofSeconds(15), () -> {
                for (int i = 0; i < 50; i++) c.call("PING");
                return textOf("p99");
            }, v -> v.startsWith("≤ ") && v.endsWith(" ms"));
        }

        cluster.stop(servers.get(0));
        // A new leader is elected among n2 and n3, and the page shows it and logs the change.
        String after = await(Duration.ofSeconds(30), this::leaderOnPage, v -> !v.isEmpty() && !v.equals(firstLeader)
                && !v.equals("none"));
        assertThat(after).isNotEqualTo(firstLeader);
        await(Duration.ofSeconds(10), () -> textOf("events"),
                v -> v.contains("leader is now node " + after));
    }

    /**
     * The page re-renders its node table on every poll, so elements found by one WebDriver call
     * can be gone by the next (StaleElementReferenceException). Each reading is therefore one
     * script evaluated in the page at one instant.
     */
    private String inPage(String script) {
        Object v = ((JavascriptExecutor) browser).executeScript(script);
        return v == null ? "" : v.toString();
    }

    private int rowCount() {
        return Integer.parseInt(inPage("return String(document.querySelectorAll('#nodes tbody tr').length);"));
    }

    private String textOf(String id) {
        return inPage("const e = document.getElementById('" + id + "'); return e ? e.innerText.trim() : '';");
    }

    /** The leader id the page shows in its Leader card, cross-checked with the node table's leader row. */
    private String leaderOnPage() {
        return inPage("""
                const card = document.getElementById('leader').innerText.trim();
                const marked = document.querySelectorAll('#nodes tbody tr.leader-row');
                if (marked.length !== 1) return card === 'none' ? 'none' : '';
                return marked[0].getAttribute('data-node') === card ? card : '';
                """);
    }
}
