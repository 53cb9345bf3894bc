package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import reflector.setup.backup.BackupManifest;
import reflector.setup.backup.RestoreRun;
import reflector.setup.core.ExitCode;
import reflector.setup.output.JsonDocument;

/** restore's JSON document: what was restored, the safety copy, the install, and the roll-back when there was one. */
final class RestoreDocument {
    private RestoreDocument() {}

    static ObjectNode of(
            RestoreRun run,
            Path archive,
            ExitCode exitCode,
            String error,
            RestoreCommand.InstallRun install,
            RestoreCommand.InstallRun rollbackInstall) {
        ObjectNode root = JsonDocument.start("restore", exitCode, error);
        if (run.deployment() != null) {
            DeploymentDocument.describe(root, run.deployment());
        }
        root.put("archive", archive.toString());
        BackupManifest manifest = run.manifest();
        if (manifest != null) {
            ObjectNode backup = root.putObject("backup");
            backup.put("createdAt", manifest.createdAt().toString());
            backup.put("directory", manifest.directory());
            backup.put("project", manifest.project());
        }
        run.safetyCopy()
                .ifPresentOrElse(
                        copy -> root.putObject("safetyBackup")
                                .put("path", copy.archive().toString())
                                .put("bytes", copy.bytes()),
                        () -> root.putNull("safetyBackup"));
        restored(root.putObject("restored"), run.restored());
        root.set("install", install == null ? null : install.summary());
        root.put("rolledBack", run.rolledBack());
        if (run.rollback() != null) {
            ObjectNode rollback = root.putObject("rollback");
            rollback.put("result", run.rolledBack() ? "ok" : "failed");
            restored(rollback.putObject("restored"), run.rollback());
            rollback.set("install", rollbackInstall == null ? null : rollbackInstall.summary());
            if (!run.rolledBack()) {
                run.journal().describe().forEach(rollback.putArray("state")::add);
            }
        } else {
            root.putNull("rollback");
        }
        return root;
    }

    private static void restored(ObjectNode node, RestoreRun.Attempt attempt) {
        node.putArray("files");
        node.put("database", false);
        node.putArray("volumes");
        if (attempt == null) {
            return;
        }
        attempt.files().forEach(((ArrayNode) node.get("files"))::add);
        if (attempt.data() != null) {
            node.put("database", attempt.data().database());
            attempt.data().volumes().forEach(((ArrayNode) node.get("volumes"))::add);
        }
    }
}
