package reflector.setup.docker;

/** A host port a container publishes, and the container's port behind it. */
public record PublishedPort(String hostIp, int hostPort, int containerPort, String protocol) {}
