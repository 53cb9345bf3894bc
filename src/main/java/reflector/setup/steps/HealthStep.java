package reflector.setup.steps;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import reflector.setup.catalog.Service;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.ServicePorts;
import reflector.setup.http.HttpTransport;
import reflector.setup.ollama.OllamaClient;
import reflector.setup.ollama.OllamaPullException;
import reflector.setup.tls.CertificateProbe;

/**
 * Waits for the services to answer, all at once, polling every second: the model server (10
 * min, warn), Ollama (3 min, warn; then pulls the model when missing), the server (7.5 min,
 * fatal, and fatal at once if its container stops), the frontend (1.5 min, warn) and Caddy (1
 * min, warn; with a domain 3 min and fatal, until it serves the domain's certificate). On a
 * terminal one live line shows each wait as elapsed / timeout.
 */
public final class HealthStep implements Step {
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** Just under the poll interval, so that a slow probe cannot hold up the next round. */
    static final Duration ROUND_DEADLINE = Duration.ofMillis(900);
    /** Let's Encrypt usually issues within seconds; a CA still busy after this is reported with Caddy's errors. */
    static final Duration CERTIFICATE_TIMEOUT = Duration.ofMinutes(3);

    /** One service to wait for. */
    record Wait(String service, Duration timeout, boolean fatal, ReadinessProbe probe) {}

    private final BiFunction<StepContext, ServicePorts, List<Wait>> waitsFor;

    public HealthStep() {
        this(CertificateProbe.TLS);
    }

    /** With a domain, the proxy's wait is TLS handshakes through {@code certificates}. */
    public HealthStep(CertificateProbe certificates) {
        this((context, ports) -> waits(context, ports, certificates));
    }

    /** Tests pass waits with probes of their own. */
    HealthStep(BiFunction<StepContext, ServicePorts, List<Wait>> waitsFor) {
        this.waitsFor = waitsFor;
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public String description() {
        return "wait until the services answer";
    }

    @Override
    public void run(StepContext context) throws Exception {
        // A dry run only names the waits; it need not ask Compose where the ports are.
        ServicePorts ports = context.dryRun() ? ServicePorts.BUNDLED : context.servicePorts();
        List<Wait> waits = waitsFor.apply(context, ports);
        if (context.dryRun()) {
            for (Wait wait : waits) {
                context.planned("wait up to " + wait.timeout().toSeconds() + " s for " + wait.service());
            }
            context.deploymentSettings()
                    .llmModel()
                    .ifPresent(model -> context.planned("pull the Ollama model " + model + " if missing"));
            return;
        }
        Set<String> ready = waitAll(context, waits);
        for (Wait wait : waits) {
            if (wait.probe() instanceof CertificateWait certificate) {
                certificate.served().ifPresent(served -> IssuedCertificate.report(context, served));
            }
        }
        String ollama = context.deploymentSettings().ollamaMode().service().orElse(null);
        if (ollama != null && ready.contains(ollama)) {
            ensureModel(
                    context,
                    context.deploymentSettings().llmModel().orElseThrow(),
                    ports.hostPort(ollama, Service.OLLAMA.port()));
        }
        recordStates(context);
    }

    /**
     * The waits of the services this deployment runs, as the catalog describes them, in its wait
     * order. Each service is asked on this host, at the port the compose file publishes its
     * container port on. With a domain, the proxy's wait is for the domain's certificate instead
     * ({@link #CERTIFICATE_TIMEOUT}, fatal).
     */
    static List<Wait> waits(StepContext context, ServicePorts ports, CertificateProbe certificates) {
        DeploymentSettings settings = context.deploymentSettings();
        HttpTransport http = ReadinessProbe.plainClient();
        List<Wait> waits = new ArrayList<>();
        for (Service service : Service.WAIT_ORDER) {
            if (!service.activeWith(settings.profiles())) {
                continue;
            }
            if (service == Service.CADDY && settings.domain().isPresent()) {
                waits.add(new Wait(
                        service.serviceName(),
                        CERTIFICATE_TIMEOUT,
                        true,
                        new CertificateWait(
                                certificates,
                                settings.domain().get(),
                                ports.hostPort(Service.CADDY),
                                () -> caddyLogs(context),
                                context.report()
                                        .caddyRestarted()
                                        .filter(context.started()::isBefore)
                                        .orElse(context.started()),
                                context.clock(),
                                text -> context.masker().maskAll(text))));
            } else {
                Service.Health health = service.health().orElseThrow();
                ReadinessProbe probe = health.tls()
                        ? proxyProbe(settings, ports, health)
                        : ReadinessProbe.http(http, "http://127.0.0.1:" + ports.hostPort(service) + health.path());
                waits.add(new Wait(service.serviceName(), health.timeout(), health.fatal(), probe));
            }
        }
        return waits;
    }

    /** Caddy without a domain: the health path over HTTPS with its own CA's certificate. */
    private static ReadinessProbe proxyProbe(DeploymentSettings settings, ServicePorts ports, Service.Health health) {
        return ReadinessProbe.http(
                ReadinessProbe.acceptingAnyCertificate(),
                (settings.publicIp().isPresent() ? "https://127.0.0.1:" : "https://localhost:")
                        + ports.hostPort(Service.CADDY)
                        + health.path());
    }

    /** Caddy's latest log lines; none while it has no container or Docker cannot tell. */
    private static String caddyLogs(StepContext context) {
        try {
            return context.docker().deploymentContainers(context.deployment()).stream()
                    .filter(container -> Service.CADDY.serviceName().equals(container.service()))
                    .findFirst()
                    .map(container -> context.docker().logs(container.id(), CertificateWait.LOG_LINES))
                    .orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private Set<String> waitAll(StepContext context, List<Wait> waits) throws InterruptedException {
        // One thread per wait is enough: a service is never probed again while its last probe runs.
        ExecutorService probes = Executors.newFixedThreadPool(waits.size(), runnable -> {
            Thread thread = new Thread(runnable, "health-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return waitAll(context, waits, probes);
        } finally {
            probes.shutdownNow();
        }
    }

    private Set<String> waitAll(StepContext context, List<Wait> waits, ExecutorService probes)
            throws InterruptedException {
        Instant start = context.clock().instant();
        List<Wait> pending = new ArrayList<>(waits);
        Map<Wait, Future<Boolean>> probing = new HashMap<>();
        Set<String> ready = new HashSet<>();
        Set<String> reportedStopped = new HashSet<>();
        if (!context.console().terminal()) {
            for (Wait wait : waits) {
                context.console()
                        .info("waiting for " + wait.service() + " (up to "
                                + wait.timeout().toSeconds() + " s)");
            }
        }
        while (!pending.isEmpty()) {
            Instant round = context.clock().instant();
            long elapsed = Duration.between(start, round).toSeconds();
            Map<String, ContainerInfo> containers = context.docker().deploymentContainers(context.deployment()).stream()
                    .collect(Collectors.toMap(ContainerInfo::service, Function.identity(), (a, b) -> a));
            // A stopped container is judged before any probe: its port may be answered by something else.
            for (Wait wait : List.copyOf(pending)) {
                ContainerInfo container = containers.get(wait.service());
                if (container == null || container.stopped()) {
                    String state = container == null ? "is gone" : "stopped (" + container.status() + ")";
                    pending.remove(wait);
                    cancel(probing.remove(wait));
                    fail(context, wait, wait.service() + " " + state);
                }
            }
            for (Wait wait : pending) {
                probing.computeIfAbsent(wait, w -> probes.submit(w.probe()::ready));
            }
            Map<Wait, String> gaveUp = new HashMap<>();
            Set<Wait> answered =
                    answers(probing, context.clock(), context.clock().instant().plus(ROUND_DEADLINE), gaveUp);
            for (Wait wait : List.copyOf(pending)) {
                if (gaveUp.containsKey(wait)) {
                    pending.remove(wait);
                    fail(context, wait, gaveUp.get(wait));
                } else if (answered.contains(wait)) {
                    pending.remove(wait);
                    ready.add(wait.service());
                    context.console().info(wait.service() + " answers (" + elapsed + " s)");
                } else if (elapsed >= wait.timeout().toSeconds()) {
                    pending.remove(wait);
                    cancel(probing.remove(wait));
                    fail(
                            context,
                            wait,
                            wait.probe() instanceof CertificateWait certificate
                                    ? certificate.timedOut(wait.timeout().toSeconds())
                                    : wait.service() + " did not answer within "
                                            + wait.timeout().toSeconds() + " s");
                }
            }
            warnAboutOtherStoppedContainers(context, containers, waits, reportedStopped);
            if (!pending.isEmpty()) {
                context.console()
                        .live(pending.stream()
                                .map(w -> "waiting for " + w.service() + "  " + elapsed + " s / "
                                        + w.timeout().toSeconds() + " s")
                                .toList());
                long spent = Duration.between(round, context.clock().instant()).toMillis();
                context.sleep(Duration.ofMillis(Math.max(50, POLL_INTERVAL.toMillis() - spent)));
            }
        }
        context.console().endLiveLine();
        return ready;
    }

    /**
     * Waits until the probes are done or the deadline (on the run's clock) passes, and returns the
     * waits whose service answered; those whose probe gave up go into {@code gaveUp} with the
     * reason. Finished probes leave the map; one still running stays, so that a later round takes
     * its answer instead of starting another probe beside it.
     */
    private static Set<Wait> answers(
            Map<Wait, Future<Boolean>> probing, Clock clock, Instant deadline, Map<Wait, String> gaveUp)
            throws InterruptedException {
        Set<Wait> answered = new HashSet<>();
        for (Map.Entry<Wait, Future<Boolean>> entry : List.copyOf(probing.entrySet())) {
            try {
                long left =
                        Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
                if (entry.getValue().get(left, TimeUnit.NANOSECONDS)) {
                    answered.add(entry.getKey());
                }
                probing.remove(entry.getKey());
            } catch (TimeoutException stillProbing) {
                // Its answer is taken in a later round.
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ReadinessProbe.GaveUp reason) {
                    probing.remove(entry.getKey());
                    gaveUp.put(entry.getKey(), reason.getMessage());
                    continue;
                }
                throw new IllegalStateException(
                        "the readiness probe of " + entry.getKey().service() + " failed", e.getCause());
            }
        }
        return answered;
    }

    private static void cancel(Future<Boolean> probe) {
        if (probe != null) {
            probe.cancel(true);
        }
    }

    private static void fail(StepContext context, Wait wait, String problem) {
        if (wait.fatal()) {
            context.console().endLiveLine();
            throw new ServiceFailure(wait.service(), problem);
        }
        context.warn(problem + "; see `reflector-setup logs " + wait.service() + "`");
        context.report().unanswered(wait.service());
    }

    /** Worker, beat, the database and redis have no URL; a stopped one is still worth a warning. */
    private static void warnAboutOtherStoppedContainers(
            StepContext context, Map<String, ContainerInfo> containers, List<Wait> waits, Set<String> reported) {
        Set<String> waitedFor = waits.stream().map(Wait::service).collect(Collectors.toSet());
        for (ContainerInfo container : containers.values()) {
            if (!waitedFor.contains(container.service()) && container.stopped() && reported.add(container.service())) {
                context.warn(container.service() + " stopped (" + container.status() + "); see `reflector-setup logs "
                        + container.service() + "`");
            }
        }
    }

    /** Ollama's answers and failures are the service's: a failed or broken pull is exit 4, never an internal error. */
    private static void ensureModel(StepContext context, String model, int port) throws InterruptedException {
        String service = context.deploymentSettings().ollamaMode().service().orElseThrow();
        OllamaClient ollama =
                new OllamaClient(URI.create("http://127.0.0.1:" + port), new HttpTransport(Duration.ofSeconds(2)));
        try {
            if (ollama.hasModel(model)) {
                context.console().info("Ollama has " + model);
                return;
            }
            context.console().info("pulling the Ollama model " + model + " (this can take a while)");
            ollama.pull(model, progress -> {
                String percent =
                        progress.total() > 0 ? " " + (100 * progress.completed() / progress.total()) + "%" : "";
                context.console().live("ollama: " + progress.status() + percent);
                context.console().detail("ollama: " + progress.status() + percent);
            });
        } catch (IOException e) {
            throw new ServiceFailure(
                    service,
                    e instanceof OllamaPullException ? e.getMessage() : "talking to Ollama failed: " + e.getMessage(),
                    e);
        } finally {
            context.console().endLiveLine();
        }
        context.changed(Change.of("pull-model", List.of(model), "pull the Ollama model " + model));
    }

    private static void recordStates(StepContext context) {
        for (ContainerInfo container : context.docker().deploymentContainers(context.deployment())) {
            context.report()
                    .serviceHealth(container.service(), container.health().orElse(container.state()));
        }
    }
}
