package reflector.setup.preflight;

/** The outcome of one named preflight check. */
public record CheckResult(String name, Status status, String message) {
    public enum Status {
        PASS,
        WARN,
        FAIL,
        NOT_CHECKED
    }

    public static CheckResult pass(String name, String message) {
        return new CheckResult(name, Status.PASS, message);
    }

    public static CheckResult warn(String name, String message) {
        return new CheckResult(name, Status.WARN, message);
    }

    public static CheckResult fail(String name, String message) {
        return new CheckResult(name, Status.FAIL, message);
    }

    public static CheckResult notChecked(String name, String message) {
        return new CheckResult(name, Status.NOT_CHECKED, message);
    }
}
