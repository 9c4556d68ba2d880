package io.redraft.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RespWriterTest {
    private static String render(int proto, java.util.function.Consumer<RespWriter> w) {
        ByteArrayOutput out = new ByteArrayOutput();
        w.accept(new RespWriter(out, proto));
        return out.toString();
    }

    @Test
    void scalarsInBothProtocols() {
        assertThat(render(2, w -> w.status("OK"))).isEqualTo("+OK\r\n");
        assertThat(render(2, w -> w.error("ERR x\ny"))).isEqualTo("-ERR x y\r\n");
        // sdstrim first: trailing (and leading) CR/LF go, inner ones become spaces
        assertThat(render(2, w -> w.error("ERR Unsupported option \r\n"))).isEqualTo("-ERR Unsupported option \r\n");
        assertThat(render(2, w -> w.error("\nERR a\r\nb\n"))).isEqualTo("-ERR a  b\r\n");
        assertThat(render(3, w -> w.integer(-42))).isEqualTo(":-42\r\n");
        assertThat(render(2, w -> w.integer(Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\r\n");
        assertThat(render(2, w -> w.bulk("ab".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("$2\r\nab\r\n");
        assertThat(render(2, w -> w.bulk(new byte[0]))).isEqualTo("$0\r\n\r\n");
    }

    @Test
    void nullsDifferInResp2AndCollapseInResp3() {
        assertThat(render(2, RespWriter::nullBulk)).isEqualTo("$-1\r\n");
        assertThat(render(2, RespWriter::nullArray)).isEqualTo("*-1\r\n");
        assertThat(render(3, RespWriter::nullBulk)).isEqualTo("_\r\n");
        assertThat(render(3, RespWriter::nullArray)).isEqualTo("_\r\n");
    }

    @Test
    void aggregatesFlattenInResp2() {
        assertThat(render(2, w -> w.mapHeader(2))).isEqualTo("*4\r\n");
        assertThat(render(3, w -> w.mapHeader(2))).isEqualTo("%2\r\n");
        assertThat(render(2, w -> w.setHeader(3))).isEqualTo("*3\r\n");
        assertThat(render(3, w -> w.setHeader(3))).isEqualTo("~3\r\n");
        assertThat(render(2, w -> w.pushHeader(3))).isEqualTo("*3\r\n");
        assertThat(render(3, w -> w.pushHeader(3))).isEqualTo(">3\r\n");
        assertThat(render(2, w -> w.bool(true))).isEqualTo(":1\r\n");
        assertThat(render(3, w -> w.bool(false))).isEqualTo("#f\r\n");
        assertThat(render(3, w -> w.verbatim("txt", "hi".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("=6\r\ntxt:hi\r\n");
        assertThat(render(2, w -> w.verbatim("txt", "hi".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("$2\r\nhi\r\n");
    }

    @Test
    void doublesAsPercent17g() {
        assertThat(render(2, w -> w.doubleValue(1.5))).isEqualTo("$3\r\n1.5\r\n");
        assertThat(render(3, w -> w.doubleValue(1.5))).isEqualTo(",1.5\r\n");
        assertThat(render(3, w -> w.doubleValue(Double.NEGATIVE_INFINITY))).isEqualTo(",-inf\r\n");
        assertThat(render(2, w -> w.doubleValue(Double.POSITIVE_INFINITY))).isEqualTo("$3\r\ninf\r\n");
        assertThat(DoubleFormat.g17(0.1)).isEqualTo("0.10000000000000001");
        assertThat(DoubleFormat.g17(3)).isEqualTo("3");
        assertThat(DoubleFormat.g17(-0.0)).isEqualTo("-0");
        assertThat(DoubleFormat.g17(1e17)).isEqualTo("1e+17");
        assertThat(DoubleFormat.g17(1e16)).isEqualTo("10000000000000000");
        assertThat(DoubleFormat.g17(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(DoubleFormat.g17(0.0001)).isEqualTo("0.0001");
        assertThat(DoubleFormat.g17(0.00001)).isEqualTo("1.0000000000000001e-05");
        assertThat(DoubleFormat.g17(2.5e-300)).isEqualTo("2.5e-300");
        assertThat(DoubleFormat.g17(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    }
}
