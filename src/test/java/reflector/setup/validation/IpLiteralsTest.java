package reflector.setup.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one IP-literal rule, as the validators and the TLS server name use it. */
class IpLiteralsTest {

    @Test
    void ipv4IsADottedQuadWithoutLeadingZeros() {
        assertEquals("203.0.113.7", IpLiterals.ipv4("203.0.113.7").orElseThrow().getHostAddress());
        for (String odd : new String[] {
            "01.2.3.4",
            "1.2.3.04",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "1.2.3.",
            "0x7f.0.0.1",
            "2130706433",
            "[1.2.3.4]",
            "1.2.3.4%eth0",
            "\uff11.2.3.4",
            "",
            "::1"
        }) {
            assertEquals(Optional.empty(), IpLiterals.ipv4(odd), odd);
        }
    }

    @Test
    void ipv6IsTheTextFormWithoutAZoneIndex() {
        assertTrue(IpLiterals.ipv6("2001:db8::1").orElseThrow() instanceof Inet6Address);
        assertEquals(
                "192.0.2.1", IpLiterals.ipv6("::ffff:192.0.2.1").orElseThrow().getHostAddress());
        assertTrue(IpLiterals.ipv6("1:2:3:4:5:6:7:8").isPresent());
        assertTrue(IpLiterals.ipv6("::").isPresent());
        for (String odd : new String[] {
            "fe80::1%eth0",
            "fe80::1%",
            "1::2::3",
            "1:2:3:4:5:6:7:8:9",
            "abcd::12345",
            "[::1]",
            "::\uff11",
            "1.2.3.4",
            "g::1"
        }) {
            assertEquals(Optional.empty(), IpLiterals.ipv6(odd), odd);
        }
    }

    @Test
    void aLiteralMayStandInBrackets() {
        assertTrue(IpLiterals.isIpLiteral("192.0.2.1"));
        assertTrue(IpLiterals.isIpLiteral("::1"));
        assertTrue(IpLiterals.isIpLiteral("[::1]"));
        assertFalse(IpLiterals.isIpLiteral("reflector.example.com"));
        assertFalse(IpLiterals.isIpLiteral("localhost"));
        assertFalse(IpLiterals.isIpLiteral("[::1"));
        assertFalse(IpLiterals.isIpLiteral("fe80::1%eth0"));
        assertFalse(IpLiterals.isIpLiteral("1.2.3"));
    }
}
