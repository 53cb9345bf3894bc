package reflector.setup.steps;

import reflector.setup.envfile.EnvFile;
import reflector.setup.envfile.EnvValueCodec;
import reflector.setup.files.FileKind;
import reflector.setup.InstallerException;

/**
 * Managed keys of one env file: updated in place or appended, every other line kept byte for
 * byte. All env files may hold secrets, so they are written 0600.
 */
public final class EnvEditor {
    private final StepContext context;
    private final String path;
    private final EnvFile file;
    private final boolean created;

    private EnvEditor(StepContext context, String path, EnvFile file, boolean created) {
        this.context = context;
        this.path = path;
        this.file = file;
        this.created = created;
    }

    static EnvEditor open(StepContext context, String path, String template) {
        var existing = context.workspace().read(path);
        if (existing.isPresent()) {
            EnvEditor editor = new EnvEditor(context, path, EnvFile.parse(existing.get()), false);
            // Staged as it is, so that its permissions are checked like every secret file's.
            editor.save();
            return editor;
        }
        String start = template == null ? "" : context.template(template).orElse("");
        context.changed(Change.file("create", path, "create " + path + (start.isEmpty() ? "" : " from " + template)));
        EnvEditor editor = new EnvEditor(context, path, EnvFile.parse(start), true);
        editor.save();
        return editor;
    }

    public String get(String key) {
        return file.get(key).orElse("");
    }

    public boolean has(String key) {
        return file.has(key);
    }

    /** Sets a value, reporting it by name only. Returns true when the value changed. */
    public boolean set(String key, String value) {
        return set(key, value, false);
    }

    /** Sets a value that must never be shown: it is registered with the masker first. */
    public boolean setSecret(String key, String value) {
        return set(key, value, true);
    }

    private boolean set(String key, String value, boolean secret) {
        if (secret) {
            context.secret(value);
        }
        if (file.has(key) && file.get(key).orElse("").equals(value)) {
            return false;
        }
        try {
            EnvValueCodec.encode(value);
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(path + ": " + key + ": " + e.getMessage());
        }
        String before = file.get(key).orElse(null);
        file.set(key, value);
        if (!created) {
            String shown = secret ? "" : " = " + value;
            context.changed(Change.key(before == null ? "add-key" : "set-key", path, key,
                    (before == null ? "add " : "set ") + path + " " + key + shown));
        }
        context.workspace().stage(path, file.render(), FileKind.SECRET);
        return true;
    }

    /** Stages the file even when no key changed (a fresh copy of the template). */
    public void save() {
        context.workspace().stage(path, file.render(), FileKind.SECRET);
    }
}
