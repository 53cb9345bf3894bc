package reflector.setup.steps;

import java.util.Optional;
import reflector.setup.config.PublicDataRetention;

/** The retention of a public instance, as the run's facts carry it to the summary, the plan and the JSON document. */
public final class PublicRetentionFacts {
    static final String DAYS = "publicRetentionDays";
    static final String SET = "publicRetentionSet";

    private PublicRetentionFacts() {
    }

    static void record(RunReport report, PublicDataRetention retention) {
        report.fact(DAYS, String.valueOf(retention.days()));
        report.fact(SET, String.valueOf(retention.set()));
    }

    /** Empty when the run did not end public, or did not look (server-env left out). */
    public static Optional<PublicDataRetention> of(RunReport report) {
        return report.fact(DAYS).map(days -> new PublicDataRetention(Integer.parseInt(days),
                Boolean.parseBoolean(report.fact(SET).orElse("false"))));
    }
}
