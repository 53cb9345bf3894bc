package reflector.setup.steps;

import reflector.setup.config.DeploymentFiles;
import reflector.setup.files.FileKind;

/**
 * Copies the bundled compose file and templates into the deployment directory where they are
 * missing. A copy already there is the user's and is never overwritten; the installer then reads
 * the templates from the directory, so edits to them take effect.
 */
public final class BundleStep implements Step {

    @Override
    public String name() {
        return "bundle";
    }

    @Override
    public String description() {
        return "deployment bundle (compose file and templates)";
    }

    @Override
    public boolean selectable() {
        return false;
    }

    @Override
    public void run(StepContext context) {
        for (String file : DeploymentFiles.BUNDLE) {
            if (!context.workspace().exists(file)) {
                context.workspace().stage(file, Bundle.read(file), FileKind.PLAIN);
                context.changed("create " + file + " (from the bundle)");
            }
        }
    }
}
