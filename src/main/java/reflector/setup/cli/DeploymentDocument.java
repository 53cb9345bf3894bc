package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.PublishedPort;

/** The fields that the day-two commands' JSON documents share: the deployment and its containers. */
final class DeploymentDocument {
    private DeploymentDocument() {}

    /** directory, project and reflectorVersion {ref, imageTag} (null when none is recorded). */
    static ObjectNode describe(ObjectNode root, Deployment deployment) {
        root.put("directory", deployment.directory().toString());
        root.put("project", deployment.project());
        RecordedVersion.of(deployment.directory())
                .ifPresentOrElse(
                        version -> root.putObject("reflectorVersion")
                                .put("ref", version.ref())
                                .put("imageTag", version.imageTag()),
                        () -> root.putNull("reflectorVersion"));
        return root;
    }

    /** One entry per container: service, name, state, health (null without a healthcheck), status, image, ports. */
    static ArrayNode containers(ObjectNode root, List<ContainerInfo> containers) {
        ArrayNode array = root.putArray("containers");
        for (ContainerInfo container : containers) {
            ObjectNode node = array.addObject();
            node.put("service", container.service());
            node.put("name", container.name());
            node.put("state", container.state());
            node.put("health", container.health().orElse(null));
            node.put("status", container.status());
            node.put("image", container.image());
            ArrayNode ports = node.putArray("ports");
            for (PublishedPort port : container.ports()) {
                ports.addObject()
                        .put("hostIp", port.hostIp())
                        .put("hostPort", port.hostPort())
                        .put("containerPort", port.containerPort())
                        .put("protocol", port.protocol());
            }
        }
        return array;
    }
}
