package reflector.setup.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Files copied out of a container through the Engine's archive endpoint (GET /containers/{id}/archive). */
final class ContainerFiles {
    private final DockerClient client;
    private final EngineErrors errors;

    ContainerFiles(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    boolean copy(String containerId, String path, OutputStream tar) {
        String action = "copying " + path + " out of container " + EngineErrors.shortId(containerId);
        try (InputStream archive =
                client.copyArchiveFromContainerCmd(containerId, path).exec()) {
            archive.transferTo(tar);
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new DockerOperationException(action + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw errors.failure(action, e);
        }
    }
}
