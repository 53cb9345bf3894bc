package reflector.setup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import reflector.setup.core.InstallerException;
import reflector.setup.core.IoErrors;
import reflector.setup.text.SafeText;

/**
 * --password-file: the first line of the file, decoded as UTF-8 whatever the locale. A UTF-8
 * byte-order mark at its start is not part of the password: Windows editors (Notepad before
 * 2019, PowerShell 5's Out-File -Encoding utf8) write one in front of what was typed.
 */
final class PasswordFile {
    /** A password file holds one line; more than this is the wrong file. */
    static final int MAX_BYTES = 64 * 1024;

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private PasswordFile() {}

    static char[] firstLine(Path file) {
        String shown = SafeText.quote(file.toString());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw InstallerException.badInput("--password-file: cannot read " + shown + ": " + IoErrors.describe(e));
        }
        if (bytes.length > MAX_BYTES) {
            throw InstallerException.badInput("--password-file: " + shown + " is larger than " + MAX_BYTES
                    + " bytes; it should hold the password on its first line");
        }
        int start = startsWithByteOrderMark(bytes) ? BYTE_ORDER_MARK.length : 0;
        int end = start;
        while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
            end++;
        }
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start));
        } catch (CharacterCodingException e) {
            throw InstallerException.badInput("--password-file: the first line of " + shown + " is not UTF-8 text");
        }
        char[] password = new char[decoded.remaining()];
        decoded.get(password);
        if (password.length == 0) {
            throw InstallerException.badInput("--password-file: " + shown + " is empty");
        }
        if (password[0] == '\uFEFF') {
            // A second mark cannot come from an editor: the password really starts with U+FEFF.
            throw InstallerException.badInput("--password-file: the first line of " + shown + " starts with two "
                    + "byte-order marks; the password must not start with U+FEFF");
        }
        return password;
    }

    private static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= BYTE_ORDER_MARK.length
                && bytes[0] == BYTE_ORDER_MARK[0]
                && bytes[1] == BYTE_ORDER_MARK[1]
                && bytes[2] == BYTE_ORDER_MARK[2];
    }
}
