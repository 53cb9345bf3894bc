package reflector.setup.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether moving a deployment to another Reflector version can leave its database stranded: the
 * target's server runs `alembic upgrade head`, which must start from a revision its migrations
 * know (their head or one of its ancestors). From any other revision alembic stops ("Can't locate
 * revision") and the server runs on a schema it does not know; nothing but the backup taken before
 * the change that brought that revision leads back.
 */
public final class UpgradeGuard {
    private UpgradeGuard() {}

    /**
     * Why the target cannot take this database; empty when it can.
     *
     * @param target      the migrations of the version moved to
     * @param targetLabel the version moved to, for people ("v0.36.0")
     */
    public static Optional<String> refusal(DatabaseState database, MigrationGraph target, String targetLabel) {
        List<String> unknown = database.revisions().stream()
                .filter(revision -> !target.knows(revision))
                .toList();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        String head = String.join(", ", target.heads());
        List<String> reasons = new ArrayList<>();
        for (String revision : unknown) {
            reasons.add(reason(revision, target, targetLabel));
        }
        return Optional.of("the database is at " + String.join(", ", unknown) + ", which " + targetLabel
                + "'s migrations (head " + head + ") do not know: " + String.join("; ", reasons)
                + ". Its server could not "
                + "migrate from there (alembic: Can't locate revision) and would run on a schema it does not know");
    }

    private static String reason(String revision, MigrationGraph target, String targetLabel) {
        MigrationGraph releases = ReleaseMigrations.all();
        if (revision.equals(ReleaseMigrations.BROKEN_COMMIT_REVISION)) {
            return revision + " is the migration of upstream commit bfa10718, which no release has (v0.35.0 released "
                    + "the same change as e1f093f7f124)";
        }
        if (releases.knows(revision)
                && target.heads().stream()
                        .allMatch(head -> releases.lineage(revision).contains(head))) {
            return revision + " is a later release's migration: going back to " + targetLabel + " is a downgrade, "
                    + "and alembic does not go back by itself";
        }
        if (releases.knows(revision)) {
            return revision + " is a migration of another release's line";
        }
        return revision + " is from no Reflector release this installer knows (v0.34.0 to v0.45.0): an unreleased "
                + "commit or a branch migrated it";
    }
}
