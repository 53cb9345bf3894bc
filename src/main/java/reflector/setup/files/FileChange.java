package reflector.setup.files;

/**
 * One file the run changes. {@code before} is null for a new file. Contents may hold secrets:
 * show them only through a masker.
 */
public record FileChange(String path, String before, String after, FileKind kind) {

    public boolean created() {
        return before == null;
    }

    @Override
    public String toString() {
        return (created() ? "create " : "update ") + path;
    }
}
