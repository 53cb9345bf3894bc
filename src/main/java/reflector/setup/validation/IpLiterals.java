package reflector.setup.validation;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The one rule for IP address literals, for the validators and for TLS's server name alike:
 * Guava's {@link InetAddresses} (docker-java brings it), which parses the text straight to bytes,
 * so that no resolver is ever involved, and refuses IPv4 numbers with leading zeros (which some
 * parsers read as octal). Stricter than Guava in two ways: ASCII digits only (Guava takes other
 * scripts' digits too) and no zone index ({@code %eth0}).
 */
public final class IpLiterals {

    private IpLiterals() {}

    /** A dotted-quad IPv4 address; empty if the text is not one. */
    public static Optional<InetAddress> ipv4(String text) {
        return text.contains(":") ? Optional.empty() : parse(text);
    }

    /** An IPv6 address in RFC 4291 text form, its last 32 bits possibly a dotted quad; empty if the text is not one. */
    public static Optional<InetAddress> ipv6(String text) {
        return text.contains(":") ? parse(text) : Optional.empty();
    }

    /** An IPv4 or IPv6 address, bare or in the brackets a URL puts around IPv6. */
    public static boolean isIpLiteral(String host) {
        String inner = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return parse(inner).isPresent();
    }

    private static Optional<InetAddress> parse(String text) {
        if (text.contains("%") || !text.chars().allMatch(c -> c < 128) || !InetAddresses.isInetAddress(text)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(text));
    }
}
