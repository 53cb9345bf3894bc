package reflector.setup.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import reflector.setup.validation.Validators;

/**
 * What a public instance deletes. With PUBLIC_MODE true, the backend's beat schedules a daily task
 * (server/reflector/worker/app.py, worker/cleanup.py at v0.35.0) that deletes every anonymous
 * transcript older than PUBLIC_DATA_RETENTION_DAYS, with its meeting and its recording in storage.
 * Without login every transcript is anonymous, so everything goes. With PUBLIC_MODE false the task
 * is not scheduled, and when run it deletes nothing.
 *
 * @param days how many days a transcript is kept
 * @param set  whether server/.env sets it (else the backend's default)
 */
public record PublicDataRetention(int days, boolean set) {
    public static final String KEY = "PUBLIC_DATA_RETENTION_DAYS";
    public static final String PUBLIC_MODE = "PUBLIC_MODE";
    /** The backend's default (settings.py at v0.35.0). */
    public static final int DEFAULT_DAYS = 7;

    /** What pydantic reads as true for a bool setting (the rest is false, or refused at start). */
    private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");

    /**
     * The retention in force for server/.env's PUBLIC_MODE and PUBLIC_DATA_RETENTION_DAYS (empty
     * strings when unset); empty when the instance is not public, so nothing is deleted.
     *
     * @throws IllegalArgumentException if the days are not a whole number from 1 to
     *     {@value Validators#MAX_RETENTION_DAYS}; the message names the key, not the file
     */
    public static Optional<PublicDataRetention> of(String publicMode, String days) {
        if (!isPublic(publicMode)) {
            return Optional.empty();
        }
        if (days.isEmpty()) {
            return Optional.of(new PublicDataRetention(DEFAULT_DAYS, false));
        }
        try {
            return Optional.of(new PublicDataRetention(Validators.publicRetentionDays(days), true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + " " + e.getMessage(), e);
        }
    }

    public static boolean isPublic(String publicMode) {
        return TRUE.contains(publicMode.strip().toLowerCase(Locale.ROOT));
    }

    /** What happens, as one sentence for the summary, the plan and status. */
    public String deletes() {
        return "public mode: the backend deletes every anonymous transcript (without login, all of them) with its "
                + "recording " + days + (days == 1 ? " day" : " days") + " after it was made ("
                + (set
                        ? KEY + "=" + days + " in server/.env"
                        : "the backend's default, " + DEFAULT_DAYS + " days, unless " + KEY + " is set")
                + ")";
    }

    /** How to keep them. */
    public String keep() {
        return "to keep them, require login (--password) or keep them longer (--public-retention-days N)";
    }
}
