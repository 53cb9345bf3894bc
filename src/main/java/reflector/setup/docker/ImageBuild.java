package reflector.setup.docker;

/**
 * One service's build as `docker compose config` resolved it: the image it tags (the service's
 * {@code image}, else Compose's {@code <project>-<service>}), its context (an absolute directory
 * or a Git URL), its Dockerfile, and the whole build section as canonical JSON. That section may
 * hold build arguments, which can be secrets: it is only ever hashed, never shown.
 */
public record ImageBuild(String image, String context, String dockerfile, String definition) {

    @Override
    public String toString() {
        return "ImageBuild[image=" + image + ", context=" + context + ", dockerfile=" + dockerfile + "]";
    }
}
