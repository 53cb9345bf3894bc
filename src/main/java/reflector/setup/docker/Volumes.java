package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;
import java.util.Map;

/** A Compose project's named volumes (by its label): listed, made and removed, for backup and restore. */
final class Volumes {
    private final DockerClient client;
    private final EngineErrors errors;

    Volumes(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    List<String> of(String project) {
        try {
            var answer = client.listVolumesCmd()
                    .withFilter("label", List.of(ContainerListing.PROJECT_LABEL + "=" + project))
                    .exec();
            if (answer.getVolumes() == null) {
                return List.of();
            }
            return answer.getVolumes().stream()
                    .map(volume -> volume.getName())
                    .sorted()
                    .toList();
        } catch (RuntimeException e) {
            throw errors.failure("listing the volumes of project " + project, e);
        }
    }

    void create(String name, Map<String, String> labels) {
        try {
            client.createVolumeCmd().withName(name).withLabels(labels).exec();
        } catch (RuntimeException e) {
            throw errors.failure("creating volume " + name, e);
        }
    }

    void remove(String name) {
        try {
            client.removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            throw errors.failure("removing volume " + name, e);
        }
    }
}
