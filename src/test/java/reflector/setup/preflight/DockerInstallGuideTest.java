package reflector.setup.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import reflector.setup.docker.DockerUnavailableException;
import reflector.setup.preflight.DockerInstallGuide.Missing;

/** The install commands chosen for each distribution, from its os-release text alone. */
class DockerInstallGuideTest {
    static final OsRelease DEBIAN_12 = OsRelease.parse(
            """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION_CODENAME=bookworm
            ID=debian
            """);
    static final OsRelease DEBIAN_13 = OsRelease.parse(
            """
            PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
            VERSION_ID="13"
            VERSION_CODENAME=trixie
            ID=debian
            """);
    static final OsRelease UBUNTU_24 = OsRelease.parse(
            """
            PRETTY_NAME="Ubuntu 24.04.1 LTS"
            VERSION_ID="24.04"
            VERSION_CODENAME=noble
            ID=ubuntu
            ID_LIKE=debian
            UBUNTU_CODENAME=noble
            """);
    static final OsRelease MINT_22 = OsRelease.parse(
            """
            PRETTY_NAME="Linux Mint 22"
            VERSION_ID="22"
            VERSION_CODENAME=wilma
            ID=linuxmint
            ID_LIKE="ubuntu debian"
            UBUNTU_CODENAME=noble
            """);
    static final OsRelease FEDORA_40 = OsRelease.parse(
            """
            NAME="Fedora Linux"
            VERSION_ID=40
            ID=fedora
            PRETTY_NAME="Fedora Linux 40 (Server Edition)"
            """);

    @Test
    void olderDebianGetsDockersAptRepositoryForItsCodename() {
        DockerInstallGuide guide = DockerInstallGuide.forSystem(DEBIAN_12, Missing.ENGINE, "");
        assertEquals(
                List.of(
                        "apt-get update",
                        "apt-get install -y ca-certificates curl",
                        "install -m 0755 -d /etc/apt/keyrings",
                        "curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc",
                        "chmod a+r /etc/apt/keyrings/docker.asc",
                        "echo \"deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.asc] "
                                + "https://download.docker.com/linux/debian bookworm stable\" > /etc/apt/sources.list.d/docker.list",
                        "apt-get update",
                        "apt-get install -y docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin"),
                guide.commands());
        assertEquals("https://docs.docker.com/engine/install/debian/", guide.documentation());
    }

    @Test
    void debian13UsesItsOwnPackagesWhichAreNewEnough() {
        DockerInstallGuide guide = DockerInstallGuide.forSystem(DEBIAN_13, Missing.ENGINE, "");
        assertEquals(
                List.of("apt-get update", "apt-get install -y docker.io docker-compose docker-buildx"),
                guide.commands());
    }

    @Test
    void ubuntuAndItsDerivativesUseDockersRepositoryWithTheUbuntuCodename() {
        for (OsRelease os : List.of(UBUNTU_24, MINT_22)) {
            String sources = DockerInstallGuide.forSystem(os, Missing.ENGINE, "")
                    .commands()
                    .get(5);
            assertTrue(sources.contains("https://download.docker.com/linux/ubuntu noble stable"), sources);
        }
    }

    @Test
    void onlyComposeMissingInstallsThePluginFromWhereTheEngineCameFrom() {
        assertEquals(
                "apt-get install -y docker-compose",
                DockerInstallGuide.forSystem(DEBIAN_13, Missing.COMPOSE, "26.1.5+dfsg1")
                        .commands()
                        .get(1));
        assertEquals(
                "apt-get install -y docker-compose-v2",
                DockerInstallGuide.forSystem(UBUNTU_24, Missing.COMPOSE, "24.0.7-0ubuntu4")
                        .commands()
                        .get(1));
        assertEquals(
                "apt-get install -y docker-compose-plugin",
                DockerInstallGuide.forSystem(DEBIAN_12, Missing.COMPOSE, "27.3.1")
                        .commands()
                        .get(1));
    }

    @Test
    void otherDistributionsGetAPointerToDockersDocumentation() {
        DockerInstallGuide guide = DockerInstallGuide.forSystem(FEDORA_40, Missing.ENGINE, "");
        assertTrue(guide.commands().isEmpty());
        assertTrue(guide.text(true).endsWith("https://docs.docker.com/engine/install/fedora/"), guide.text(true));
        assertTrue(DockerInstallGuide.forSystem(OsRelease.UNKNOWN, Missing.ENGINE, "")
                .text(true)
                .endsWith("https://docs.docker.com/engine/install/"));
    }

    @Test
    void theErrorTextListsTheCommandsAndOffersTheOption() {
        String text =
                DockerInstallGuide.forSystem(DEBIAN_13, Missing.ENGINE, "").text(true);
        assertTrue(text.contains("As root:\n    apt-get update\n    apt-get install -y docker.io"), text);
        assertTrue(text.contains("--install-docker"), text);
    }

    @Test
    void adviceTellsInstalledFromMissingFromStopped() {
        DockerUnavailableException nothing = new DockerUnavailableException("cannot reach", null, false);
        assertTrue(DockerAdvice.unavailable(nothing, DEBIAN_13, false).startsWith("Docker is not installed. "));
        assertTrue(
                DockerAdvice.unavailable(nothing, DEBIAN_13, true).startsWith("Docker is installed but not running"));
        assertTrue(DockerAdvice.unavailable(new DockerUnavailableException("refused", null), DEBIAN_13, true)
                .startsWith("start Docker"));
    }
}
