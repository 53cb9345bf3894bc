package reflector.setup.s3;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The S3 API answered an error: the HTTP status and the {@code Code} and {@code Message} of its XML body. */
public final class S3Error extends IOException {
    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final String operation;
    private final int status;
    private final String code;
    private final String s3Message;

    public S3Error(String operation, int status, String code, String s3Message) {
        super(operation + " answered HTTP " + status + (code.isEmpty() ? "" : " " + code)
                + (s3Message.isEmpty() ? "" : ": " + s3Message));
        this.operation = operation;
        this.status = status;
        this.code = code;
        this.s3Message = s3Message;
    }

    /** Reads S3's {@code <Error><Code>..</Code><Message>..</Message></Error>}; a body without them leaves both empty. */
    public static S3Error fromResponse(String operation, int status, String body) {
        return new S3Error(operation, status, first(CODE, body), first(MESSAGE, body));
    }

    private static String first(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body == null ? "" : body);
        return matcher.find() ? unescape(matcher.group(1)).strip() : "";
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    /** E.g. {@code PUT /reflector-media/reflector-setup-check/1f2e}. */
    public String operation() {
        return operation;
    }

    public int status() {
        return status;
    }

    /** The S3 error code, e.g. {@code NoSuchBucket}; empty when the body had none. */
    public String code() {
        return code;
    }

    public String s3Message() {
        return s3Message;
    }
}
