package reflector.setup.steps;

import reflector.setup.ExitCode;
import reflector.setup.InstallerException;

/** A service did not build, start or become healthy, or failed a check; the installer prints diagnostics for it. */
public final class ServiceFailure extends InstallerException {
    private static final long serialVersionUID = 1L;
    private final String service;

    public ServiceFailure(String service, String message) {
        super(ExitCode.SERVICE_FAILED, message);
        this.service = service;
    }

    public ServiceFailure(String service, String message, Throwable cause) {
        super(ExitCode.SERVICE_FAILED, message, cause);
        this.service = service;
    }

    /** The compose service to show the logs of; null when no single service is to blame. */
    public String service() {
        return service;
    }
}
