package reflector.setup.steps;

import static reflector.setup.config.DeploymentFiles.CADDYFILE;
import static reflector.setup.config.DeploymentFiles.ROOT_ENV;
import static reflector.setup.config.DeploymentFiles.SERVER_ENV;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.config.ComponentSwitch;
import reflector.setup.config.Components;
import reflector.setup.config.InstallArguments;
import reflector.setup.config.RecordedOptions;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.envfile.EnvFile;

/**
 * Before anything is written: which components this run switches on, off or to another kind. The
 * install's flags are the deployment's new state; the previous one is what the deployment has,
 * read as upgrade and restore read it: the options the root .env records
 * ({@link RecordedOptions}), else what its files and containers show
 * ({@link InstallArguments#derive}). Each switch is said here, before it happens, also in a dry
 * run; the later steps carry it out (server-env and www-env rewrite the settings, services stops
 * and removes the containers of what is switched off) and the summary repeats it.
 */
public final class SwitchesStep implements Step {

    @Override
    public String name() {
        return "switches";
    }

    @Override
    public String description() {
        return "what this run switches on or off, against what the deployment has";
    }

    @Override
    public boolean selectable() {
        return false;
    }

    @Override
    public void run(StepContext context) {
        Optional<Components> previous = previous(context);
        List<ComponentSwitch> switches = new ArrayList<>();
        previous.ifPresent(before ->
                switches.addAll(ComponentSwitch.between(before, Components.of(context.deploymentSettings()))));
        // Login of a deployment that has a server/.env: a first install switches nothing.
        context.workspace()
                .read(SERVER_ENV)
                .map(text ->
                        EnvEditor.parse(SERVER_ENV, text).get("AUTH_BACKEND").orElse(""))
                .flatMap(backend -> ComponentSwitch.login(
                        backend,
                        AuthMode.isProtected(backend),
                        context.runSecrets().auth().mode()))
                .ifPresent(switches::add);
        for (ComponentSwitch change : switches) {
            context.report().switched(change);
            context.changed(
                    Change.of("switch", List.of(change.component(), change.from(), change.to()), change.text()));
        }
    }

    /**
     * What the deployment has, or empty for a first install (and for one whose model mode cannot
     * be told: no options recorded and no model service there).
     */
    static Optional<Components> previous(StepContext context) {
        Optional<String> rootText = context.workspace().read(ROOT_ENV);
        Optional<String> serverText = context.workspace().read(SERVER_ENV);
        if (rootText.isEmpty() && serverText.isEmpty()) {
            return Optional.empty();
        }
        EnvFile root = EnvEditor.parse(ROOT_ENV, rootText.orElse(""));
        try {
            Optional<RecordedOptions> recorded = RecordedOptions.read(root::get);
            if (recorded.isPresent()) {
                return recorded.map(Components::of);
            }
        } catch (IllegalArgumentException e) {
            context.warn(ROOT_ENV + ": " + e.getMessage()
                    + "; what the deployment runs is read from its files and containers instead");
        }
        EnvFile server = EnvEditor.parse(SERVER_ENV, serverText.orElse(""));
        return InstallArguments.derive(
                        server, context.workspace().read(CADDYFILE).isPresent(), runningServices(context))
                .map(Components::of);
    }

    /** The services of the deployment's containers; none when Docker cannot be asked (a dry run without it). */
    private static List<String> runningServices(StepContext context) {
        try {
            return context.docker().deploymentContainers(context.deployment()).stream()
                    .map(ContainerInfo::service)
                    .toList();
        } catch (RuntimeException e) {
            context.console()
                    .detail("cannot ask Docker which services run (" + e.getMessage() + "); reading the files only");
            return List.of();
        }
    }
}
