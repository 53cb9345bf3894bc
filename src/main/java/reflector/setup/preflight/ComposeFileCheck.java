package reflector.setup.preflight;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import reflector.setup.docker.ServicePorts;

/**
 * The compose file must make sense to Compose; its ports are the ones the port check checks. A
 * missing file is fine: the bundle step, which runs next, writes the bundled one.
 */
final class ComposeFileCheck implements PreflightCheck {
    static final String NAME = "compose-file";

    /** The check's outcome, and the host ports to check: the file's, or the bundled ones when it cannot tell. */
    record Inspection(CheckResult result, List<HostPort> publishedPorts) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult run(PreflightContext context) {
        return inspect(context).result();
    }

    static Inspection inspect(PreflightContext context) {
        List<HostPort> bundled =
                HostPort.forProfiles(context.deploymentSettings().profiles());
        Path file = context.composeFile();
        if (!Files.exists(file)) {
            return new Inspection(CheckResult.pass(NAME, "missing; it is written from the bundle"), bundled);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return new Inspection(CheckResult.fail(NAME, file + " is not a readable file"), bundled);
        }
        ServicePorts servicePorts = context.servicePorts();
        if (servicePorts == ServicePorts.BUNDLED) {
            return new Inspection(
                    CheckResult.notChecked(
                            NAME,
                            "its ports could not be read (see the "
                                    + "warning); checking the bundled ones, and the services step validates the file"),
                    bundled);
        }
        List<HostPort> ports = new ArrayList<>();
        servicePorts
                .published()
                .forEach((service, published) -> published.forEach(
                        port -> ports.add(new HostPort(service, port.hostIp(), port.hostPort(), port.protocol()))));
        return new Inspection(CheckResult.pass(NAME, file.toString()), ports);
    }
}
