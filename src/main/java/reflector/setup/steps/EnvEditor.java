package reflector.setup.steps;

import reflector.setup.core.InstallerException;
import reflector.setup.envfile.EnvFile;
import reflector.setup.envfile.EnvFileException;
import reflector.setup.envfile.EnvValueCodec;
import reflector.setup.files.ExistingFiles;
import reflector.setup.files.FileKind;

/**
 * Managed keys of one env file: updated in place or appended, every other line kept byte for
 * byte. All env files may hold secrets, so they are written 0600. The files were checked before
 * the run began ({@link ExistingFiles}); a problem found here still names
 * the file and line.
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
            EnvEditor editor = new EnvEditor(context, path, parse(path, existing.get()), false);
            // Staged as it is, so that its permissions are checked like every secret file's.
            editor.save();
            return editor;
        }
        String start = template == null ? "" : context.template(template).orElse("");
        context.changed(Change.file("create", path, "create " + path + (start.isEmpty() ? "" : " from " + template)));
        EnvEditor editor = new EnvEditor(context, path, parse(template, start), true);
        editor.save();
        return editor;
    }

    static EnvFile parse(String path, String text) {
        try {
            return EnvFile.parse(text);
        } catch (EnvFileException e) {
            throw InstallerException.badInput(path + " " + e.getMessage());
        }
    }

    /** The value as both readers read it; empty when the key is missing. */
    public String get(String key) {
        try {
            return file.get(key).orElse("");
        } catch (EnvFileException e) {
            throw InstallerException.badInput(path + " " + e.getMessage());
        }
    }

    public boolean has(String key) {
        return file.has(key);
    }

    /** Whether the key is set to a value both readers read the same (no '$' they expand). */
    public boolean hasPlainValue(String key) {
        return file.literal(key).map(value -> file.holds(key, value)).orElse(false);
    }

    /**
     * Registers the key's current value with the masker, as written (a value with '$' included),
     * without deciding anything on it.
     */
    public void maskCurrent(String key) {
        file.literal(key).ifPresent(context::secret);
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
        if (file.holds(key, value)) {
            return false;
        }
        try {
            EnvValueCodec.encode(value);
        } catch (IllegalArgumentException e) {
            throw InstallerException.badInput(path + ": " + key + ": " + e.getMessage());
        }
        boolean existed = file.has(key);
        file.set(key, value);
        if (!created) {
            String shown = secret ? "" : " = " + value;
            context.changed(Change.key(
                    existed ? "set-key" : "add-key",
                    path,
                    key,
                    (existed ? "set " : "add ") + path + " " + key + shown));
        }
        context.workspace().stage(path, file.render(), FileKind.SECRET);
        return true;
    }

    /** Removes the key's line (the last one, which both readers use); true when there was one. */
    public boolean remove(String key) {
        if (!file.remove(key)) {
            return false;
        }
        if (!created) {
            context.changed(Change.key("remove-key", path, key, "remove " + path + " " + key));
        }
        context.workspace().stage(path, file.render(), FileKind.SECRET);
        return true;
    }

    /** Stages the file even when no key changed (a fresh copy of the template). */
    public void save() {
        context.workspace().stage(path, file.render(), FileKind.SECRET);
    }
}
