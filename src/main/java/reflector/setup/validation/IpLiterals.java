package reflector.setup.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing of IP address literals straight to bytes, so that no resolver is ever involved:
 * {@link InetAddress#getByAddress(byte[])} never performs a lookup.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** Dotted-quad IPv4 without leading zeros (which some parsers read as octal); null if not one. */
    static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !allDigits(p) || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int value = Integer.parseInt(p);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /**
     * RFC 4291 text form: eight groups of 1-4 hex digits, at most one {@code ::}, optionally an
     * IPv4 dotted quad as the last 32 bits. No zone index. Null if not one.
     */
    static byte[] parseIpv6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            put(bytes, i, headGroups[i]);
        }
        for (int i = 0; i < tailGroups.length; i++) {
            put(bytes, 8 - tailGroups.length + i, tailGroups[i]);
        }
        return bytes;
    }

    static InetAddress toAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of illegal length", e);
        }
    }

    /** Colon-separated 16-bit groups, the last possibly a dotted quad (two groups); null if invalid. */
    private static int[] groups(String part, boolean mayEndWithIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] fields = part.split(":", -1);
        int last = fields.length - 1;
        byte[] ipv4 = mayEndWithIpv4 && fields[last].contains(".") ? parseIpv4(fields[last]) : null;
        if (fields[last].contains(".") && ipv4 == null) {
            return null;
        }
        int count = ipv4 == null ? fields.length : fields.length + 1;
        int[] result = new int[count];
        for (int i = 0; i < (ipv4 == null ? fields.length : last); i++) {
            String f = fields[i];
            if (f.isEmpty() || f.length() > 4 || !f.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                return null;
            }
            result[i] = Integer.parseInt(f, 16);
        }
        if (ipv4 != null) {
            result[count - 2] = (ipv4[0] & 0xff) << 8 | (ipv4[1] & 0xff);
            result[count - 1] = (ipv4[2] & 0xff) << 8 | (ipv4[3] & 0xff);
        }
        return result;
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >> 8);
        bytes[2 * group + 1] = (byte) value;
    }

    private static boolean allDigits(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
