package reflector.setup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.docker.ContainerInfo;
import reflector.setup.docker.Deployment;
import reflector.setup.docker.Docker;
import reflector.setup.schema.BrokenCommit;
import reflector.setup.schema.DeploymentSchema;
import reflector.setup.schema.SchemaState;
import reflector.setup.secrets.KnownSecrets;
import reflector.setup.secrets.SecretMasker;

/** status's schema line: the database's migration state against the server's, and the warnings that go with it. */
record SchemaStatus(SchemaState state, List<String> warnings) {

    static SchemaStatus of(Docker docker, Deployment deployment, List<ContainerInfo> containers) {
        Optional<ReflectorVersion> version = RecordedVersion.of(deployment.directory());
        Optional<String> release =
                version.filter(v -> v.kind() == ReflectorVersion.Kind.RELEASE).map(ReflectorVersion::ref);
        DeploymentSchema.Inspection inspection = DeploymentSchema.inspect(docker, containers, release);
        SecretMasker masker = KnownSecrets.in(deployment.directory());
        List<String> warnings = new ArrayList<>();
        if (version.map(v -> BrokenCommit.is(v.ref())).orElse(false)) {
            warnings.add(BrokenCommit.warning(deployment.directory()));
        }
        inspection.warnings().forEach(warning -> warnings.add(masker.maskAll(warning)));
        SchemaState state = inspection.state();
        return new SchemaStatus(
                new SchemaState(state.kind(), state.database(), state.heads(), masker.maskAll(state.summary())),
                warnings);
    }

    /** "Schema:  at-head: the database is at ..." */
    String text() {
        return "Schema:   " + state.kind().id() + ": " + state.summary() + "\n";
    }

    /** schema {state, database (null when unread; [] without a table or rows), tablePresent, heads, summary}, warnings[]. */
    void json(ObjectNode root) {
        ObjectNode node = root.putObject("schema");
        node.put("state", state.kind().id());
        state.database()
                .ifPresentOrElse(
                        database -> {
                            node.put("tablePresent", database.tablePresent());
                            ArrayNode revisions = node.putArray("database");
                            database.revisions().forEach(revisions::add);
                        },
                        () -> {
                            node.putNull("tablePresent");
                            node.putNull("database");
                        });
        ArrayNode heads = node.putArray("heads");
        state.heads().forEach(heads::add);
        node.put("summary", state.summary());
        ArrayNode list = root.putArray("warnings");
        warnings.forEach(list::add);
    }
}
