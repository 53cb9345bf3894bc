package reflector.setup.docker;

/** A host port a container publishes. */
public record PublishedPort(String hostIp, int hostPort, String protocol) {
}
