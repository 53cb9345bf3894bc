package reflector.setup.preflight;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reflector.setup.catalog.Service;
import reflector.setup.config.DeploymentSettings;
import reflector.setup.docker.ServicePorts;
import reflector.setup.tls.CertificateProbe;
import reflector.setup.tls.ServedCertificate;
import reflector.setup.validation.Validators;

/**
 * Before Caddy first asks a CA for the domain's certificate: does the domain resolve to this
 * server, and can the CA's HTTP challenge reach Caddy on port 80? A CA's rate limits punish failed
 * attempts (Let's Encrypt allows 5 failed validations an hour), so a problem is named before
 * Caddy tries. Only warns: DNS seen from here may differ from the CA's view (split horizon, NAT).
 * Once a certificate is served, there is nothing to ask and nothing to check.
 */
final class AcmeCheck implements PreflightCheck {
    static final String NAME = "acme";
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(DeploymentSettings deployment) {
        return deployment.domain().isPresent();
    }

    @Override
    public String notApplicable() {
        return "no --domain";
    }

    /** Asks this host's Caddy (where the compose file publishes it) and the host's resolver, through the context. */
    @Override
    public CheckResult run(PreflightContext context) {
        ServicePorts ports = context.servicePorts();
        int http = ports.hostPort(Service.CADDY.serviceName(), Service.CADDY_HTTP_PORT);
        return check(
                context.certificates(),
                context.resolver(),
                context.now(),
                context.deploymentSettings(),
                http,
                ports.hostPort(Service.CADDY),
                () -> PortCheck.ports(
                        List.of(new HostPort(Service.CADDY.serviceName(), "0.0.0.0", http, "tcp")),
                        context.docker(),
                        context.deployment(),
                        PortCheck.HostPortHolder.SYSTEM));
    }

    /**
     * @param now       when the served certificate, if any, must be valid
     * @param httpPort  the host port Caddy's port 80 is published on
     * @param httpsPort the host port Caddy's port 443 is published on
     * @param port80    whether that port is free or Caddy's (the ports check, for port 80 alone)
     */
    static CheckResult check(
            CertificateProbe certificates,
            NameResolver resolver,
            Instant now,
            DeploymentSettings settings,
            int httpPort,
            int httpsPort,
            Supplier<CheckResult> port80) {
        if (settings.domain().isEmpty()) {
            return CheckResult.notChecked(NAME, "no --domain");
        }
        String domain = settings.domain().get();
        try {
            ServedCertificate served = certificates.fetch("127.0.0.1", httpsPort, domain);
            if (served.covers(domain) && served.validAt(now)) {
                return CheckResult.pass(
                        NAME,
                        "a certificate for " + domain + " is served already (" + served.describe(now)
                                + "); no CA is asked");
            }
        } catch (IOException notServed) {
            // The usual case before the first issuance: go on and check what the CA will need.
        }
        List<String> problems = new ArrayList<>();
        String resolves = dnsProblem(resolver, domain, settings, problems);
        if (httpPort != 80) {
            problems.add("Caddy's port 80 is published on host port " + httpPort
                    + ", but the CA's HTTP challenge comes to port 80");
        }
        CheckResult port = port80.get();
        if (port.status() == CheckResult.Status.FAIL) {
            problems.add("port " + port.message() + ", so the CA's HTTP challenge cannot reach Caddy");
        }
        if (problems.isEmpty()) {
            return CheckResult.pass(NAME, resolves + "; port 80 is free or Caddy's");
        }
        return CheckResult.warn(
                NAME,
                String.join("; ", problems) + ". Fix this before Caddy asks the CA: its rate "
                        + "limits punish failed attempts");
    }

    /** Adds the DNS problem, if any; returns what the lookup found, for the passing message. */
    private static String dnsProblem(
            NameResolver resolver, String domain, DeploymentSettings settings, List<String> problems) {
        List<InetAddress> addresses;
        try {
            addresses = lookUp(resolver, domain);
        } catch (UnknownHostException e) {
            problems.add(domain + " does not resolve (yet): point its A/AAAA record at this server");
            return domain + " does not resolve";
        } catch (TimeoutException e) {
            problems.add("looking up " + domain + " took longer than " + LOOKUP_TIMEOUT.toSeconds() + " s");
            return domain + " did not resolve in time";
        }
        String found =
                addresses.stream().map(InetAddress::getHostAddress).distinct().collect(Collectors.joining(", "));
        if (settings.publicIp().isEmpty()) {
            problems.add(
                    domain + " resolves to " + found + ", and this server's address is unknown, so whether that is "
                            + "here cannot be told (give --public-ip)");
            return domain + " resolves to " + found;
        }
        InetAddress here = Validators.ipAddress(settings.publicIp().get());
        if (!addresses.contains(here)) {
            problems.add(domain + " resolves to " + found + ", not to this server's address " + here.getHostAddress()
                    + " (behind NAT, give the public address with --public-ip)");
        }
        return domain + " resolves to " + found;
    }

    /** The JDK's resolver has its own, longer timeouts; a preflight should not sit through them. */
    private static List<InetAddress> lookUp(NameResolver resolver, String domain)
            throws UnknownHostException, TimeoutException {
        CompletableFuture<List<InetAddress>> lookup = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        lookup.complete(resolver.resolve(domain));
                    } catch (UnknownHostException | RuntimeException e) {
                        lookup.completeExceptionally(e);
                    }
                },
                "acme-preflight-lookup");
        thread.setDaemon(true);
        thread.start();
        try {
            return lookup.get(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(domain + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }
}
