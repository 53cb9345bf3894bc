package reflector.setup.verify;

/** An HTTP answer that a check judges: its status and body. */
public record HttpAnswer(int status, String body) {
}
