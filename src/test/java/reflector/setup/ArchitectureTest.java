package reflector.setup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packages form layers that only point down, and no two packages depend on each other in a
 * circle. A new dependency that points up, or closes a cycle, fails the build here: move the class
 * it needs down, or pass what it needs in from above.
 */
@AnalyzeClasses(packages = "reflector.setup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** From the top down; a layer may use every layer below it, and none above. */
    static final Map<String, String[]> LAYERS = layers(
            "wiring", new String[] {"reflector.setup"},
            "commands", new String[] {"reflector.setup.cli.."},
            "running",
                    new String[] {"reflector.setup.install..", "reflector.setup.backup..", "reflector.setup.upgrade.."},
            "reporting", new String[] {"reflector.setup.report.."},
            "steps", new String[] {"reflector.setup.steps.."},
            "preflight", new String[] {"reflector.setup.preflight.."},
            "services",
                    new String[] {
                        "reflector.setup.docker..",
                        "reflector.setup.garage..",
                        "reflector.setup.ollama..",
                        "reflector.setup.verify..",
                        "reflector.setup.files..",
                        "reflector.setup.schema..",
                        "reflector.setup.tls..",
                        "reflector.setup.caddy..",
                        "reflector.setup.s3..",
                        "reflector.setup.storage.."
                    },
            "foundation",
                    new String[] {
                        "reflector.setup.core..",
                        "reflector.setup.catalog..",
                        "reflector.setup.process..",
                        "reflector.setup.config..",
                        "reflector.setup.output..",
                        "reflector.setup.text..",
                        "reflector.setup.secrets..",
                        "reflector.setup.validation..",
                        "reflector.setup.envfile..",
                        "reflector.setup.archive..",
                        "reflector.setup.http.."
                    });

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("reflector.setup.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layersOnlyPointDown = layered();

    /** Steps wait on the run's clock and sleeper (StepContext), so that tests can move time instead of waiting. */
    @ArchTest
    static final ArchRule stepsHaveOneTimeSource = noClasses()
            .that()
            .resideInAPackage("reflector.setup.steps..")
            .and()
            .doNotHaveSimpleName("Sleeper")
            .should()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(Thread.class, "sleep", long.class)
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(Clock.class, "systemUTC")
            .because("a step's waits and pauses go through StepContext.clock() and StepContext.sleep()");

    /** The environment is read in one place, so that a test's Host decides every variable the code sees. */
    @ArchTest
    static final ArchRule environmentOnlyThroughHost = noClasses()
            .that()
            .doNotHaveFullyQualifiedName("reflector.setup.install.Host")
            .should()
            .callMethod(System.class, "getenv")
            .orShould()
            .callMethod(System.class, "getenv", String.class)
            .because("environment variables come from Host.env(), which Host.system() reads from the process");

    @ArchTest
    static final ArchRule noJavaNetHttp = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.net.http..")
            .because("its selector thread waits in native code, and System.exit waits up to 300 ms for it: "
                    + "HTTP goes through reflector.setup.http.HttpTransport");

    private static LayeredArchitecture layered() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Map.Entry<String, String[]> layer : LAYERS.entrySet()) {
            architecture = architecture.layer(layer.getKey()).definedBy(layer.getValue());
        }
        String[] names = LAYERS.keySet().toArray(String[]::new);
        architecture = architecture.whereLayer(names[0]).mayNotBeAccessedByAnyLayer();
        for (int i = 1; i < names.length; i++) {
            architecture = architecture.whereLayer(names[i]).mayOnlyBeAccessedByLayers(Arrays.copyOf(names, i));
        }
        return architecture;
    }

    private static Map<String, String[]> layers(Object... nameThenPackages) {
        Map<String, String[]> layers = new LinkedHashMap<>();
        for (int i = 0; i < nameThenPackages.length; i += 2) {
            layers.put((String) nameThenPackages[i], (String[]) nameThenPackages[i + 1]);
        }
        return layers;
    }
}
