package io.redraft.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test parser refuses what Prometheus would refuse, so OpsListenerTest can fail on a malformed scrape. */
class PromTextTest {
    @Test
    void acceptsWellFormedFamilies() {
        PromText p = PromText.parse("""
                # HELP c_total Calls
                # TYPE c_total counter
                c_total{cmd="get"} 3.0
                # TYPE h histogram
                h_bucket{le="0.1"} 1
                h_bucket{le="+Inf"} 2
                h_count 2
                h_sum 0.3
                """);
        assertThat(p.value("c_total", "cmd", "get")).isEqualTo(3);
        assertThat(p.family("h").type()).isEqualTo("histogram");
    }

    @Test
    void refusesMalformedExpositions() {
        assertThatThrownBy(() -> PromText.parse("x 1\n")).hasMessageContaining("outside its declared family");
        assertThatThrownBy(() -> PromText.parse("# TYPE g gauge\ng{a=b} 1\n")).hasMessageContaining("not quoted");
        assertThatThrownBy(() -> PromText.parse("# TYPE g gauge\ng_total 1\n")).hasMessageContaining("outside");
        assertThatThrownBy(() -> PromText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"))
                .hasMessageContaining("cumulative");
        assertThatThrownBy(() -> PromText.parse("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n"))
                .hasMessageContaining("_count");
        assertThatThrownBy(() -> PromText.parse("# TYPE g gauge\n# TYPE g gauge\n")).hasMessageContaining("typed twice");
    }
}
