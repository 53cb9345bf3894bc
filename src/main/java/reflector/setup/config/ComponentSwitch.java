package reflector.setup.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import reflector.setup.catalog.Service;

/**
 * One component that a run switches: on, off, or to another kind (gpu to cpu, a domain to a
 * self-signed Caddy, another Ollama model). The install's flags are the deployment's new state:
 * what the deployment has and the flags leave out is switched off, its containers stopped and
 * removed, its volumes kept, and every setting that pointed at it rewritten or cleared; the one
 * exception is login, which only {@code --public} turns off (see docs/rerun-switches.md).
 *
 * @param component   models, llm, storage, proxy or login
 * @param from        what the deployment has (a label for people)
 * @param to          what this run makes of it
 * @param servicesOff the Compose services whose containers are stopped and removed
 * @param servicesOn  the Compose services started instead, or anew
 * @param volumesKept the volumes (without the project's prefix) that no service mounts any more:
 *                    kept, with the command that deletes them
 * @param portsFreed  host ports that no container holds any more ("80/tcp")
 * @param settings    the settings rewritten or cleared because of the switch ("server/.env LLM_URL")
 * @param effect      what else the user should know: what the switch means for them
 */
public record ComponentSwitch(
        String component,
        String from,
        String to,
        List<String> servicesOff,
        List<String> servicesOn,
        List<String> volumesKept,
        List<String> portsFreed,
        List<String> settings,
        String effect) {

    public static final String MODELS = "models";
    public static final String LLM = "llm";
    public static final String STORAGE = "storage";
    public static final String PROXY = "proxy";
    public static final String LOGIN = "login";

    static final List<String> URL_SETTINGS = List.of(
            "server/.env BASE_URL",
            "server/.env CORS_ORIGIN",
            "www/.env SITE_URL",
            "www/.env NEXTAUTH_URL",
            "www/.env API_URL");
    static final List<String> LLM_SETTINGS =
            List.of("server/.env LLM_URL", "server/.env LLM_MODEL", "server/.env LLM_API_KEY");

    public ComponentSwitch {
        Objects.requireNonNull(component, "component");
        servicesOff = List.copyOf(servicesOff);
        servicesOn = List.copyOf(servicesOn);
        volumesKept = List.copyOf(volumesKept);
        portsFreed = List.copyOf(portsFreed);
        settings = List.copyOf(settings);
    }

    /**
     * The switches from {@code before} (what the deployment has) to {@code after} (this run's
     * flags), in the order models, llm, storage, proxy; none when they are the same.
     */
    public static List<ComponentSwitch> between(Components before, Components after) {
        List<ComponentSwitch> switches = new ArrayList<>();
        List<String> profiles = after.profiles();
        if (before.models() != after.models()) {
            boolean toCpu = after.models() == ModelMode.CPU;
            switches.add(make(
                    MODELS,
                    before.modelsLabel(),
                    after.modelsLabel(),
                    List.of(service(before.models())),
                    List.of(service(after.models())),
                    profiles,
                    List.of("server/.env TRANSCRIPT_FILE_TIMEOUT", "server/.env DIARIZATION_FILE_TIMEOUT"),
                    "the model URLs keep naming " + Service.MODEL_SERVER_ALIAS + ", which " + after.modelsLabel()
                            + " answers to now; the file timeouts are "
                            + (toCpu
                                    ? "set to 3600 s for a CPU model server"
                                    : "the backend's default again (where the installer had set them)")));
        }
        if (!before.llmLabel().equals(after.llmLabel())) {
            switches.add(llm(before, after, profiles));
        }
        if (before.garage() != after.garage()) {
            switches.add(make(
                    STORAGE,
                    before.storageLabel(),
                    after.storageLabel(),
                    before.garage() ? List.of(Service.GARAGE) : List.of(),
                    after.garage() ? List.of(Service.GARAGE) : List.of(),
                    profiles,
                    List.of("server/.env TRANSCRIPT_STORAGE_AWS_*"),
                    before.garage()
                            ? "the recordings stored in Garage so far are in its volumes garage_data and garage_meta"
                            : "recordings are stored in Garage's bucket reflector-media from now on; those in the external "
                                    + "bucket stay there"));
        }
        if (!before.proxyLabel().equals(after.proxyLabel())) {
            switches.add(make(
                    PROXY,
                    before.proxyLabel(),
                    after.proxyLabel(),
                    before.caddy() && !after.caddy() ? List.of(Service.CADDY) : List.of(),
                    after.caddy() && !before.caddy() ? List.of(Service.CADDY) : List.of(),
                    profiles,
                    URL_SETTINGS,
                    after.caddy()
                            ? "the URLs are the new site's"
                                    + (before.caddy() ? "; Caddy is restarted with the new " + "Caddyfile" : "")
                            : "the URLs are the plain http:// ones of the address (no proxy), and the services are published on 127.0.0.1 "
                                    + "only, and the Caddyfile stays for when Caddy comes back"));
        }
        return switches;
    }

    /**
     * Login, which the flags switch only explicitly: {@code --password} turns it on where the
     * instance is public, {@code --public} off where it is protected ({@code isProtected}: its
     * AUTH_BACKEND, {@code authBackend}, requires login); leaving both out keeps it. Empty when the
     * run keeps what the deployment has.
     */
    public static Optional<ComponentSwitch> login(String authBackend, boolean isProtected, AuthRequest.Mode mode) {
        if (mode == AuthRequest.Mode.KEEP) {
            return Optional.empty();
        }
        if (mode == AuthRequest.Mode.PASSWORD && !isProtected) {
            return Optional.of(new ComponentSwitch(
                    LOGIN,
                    "none (public)",
                    "password",
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of("server/.env AUTH_BACKEND", "server/.env PUBLIC_MODE", "www/.env FEATURE_REQUIRE_LOGIN"),
                    "everyone logs in as the admin account from now on"));
        }
        if (mode == AuthRequest.Mode.PUBLIC && isProtected) {
            return Optional.of(new ComponentSwitch(
                    LOGIN,
                    authBackend,
                    "none (public)",
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of("server/.env AUTH_BACKEND", "server/.env PUBLIC_MODE", "www/.env FEATURE_REQUIRE_LOGIN"),
                    "anyone who can reach the server sees every meeting, and the backend deletes anonymous transcripts "
                            + "after the retention period"));
        }
        return Optional.empty();
    }

    private static ComponentSwitch llm(Components before, Components after, List<String> profiles) {
        List<Service> off = before.ollama() != after.ollama()
                ? before.ollama().service().flatMap(Service::named).stream().toList()
                : List.of();
        List<Service> on = before.ollama() != after.ollama()
                ? after.ollama().service().flatMap(Service::named).stream().toList()
                : List.of();
        String effect;
        List<String> settings;
        if (!after.ollama().enabled()) {
            settings = LLM_SETTINGS;
            effect =
                    "LLM_URL, LLM_MODEL and LLM_API_KEY are removed from server/.env: there is no LLM until you set them "
                            + "to an OpenAI-compatible endpoint (summaries, titles and topics need one)";
        } else if (!before.ollama().enabled()) {
            settings = LLM_SETTINGS;
            effect = "LLM_URL names the local " + after.ollama().service().orElseThrow() + " and "
                    + after.llmModel().orElseThrow() + " is pulled, as a fresh install does";
        } else if (before.ollama() != after.ollama()) {
            settings = List.of("server/.env LLM_URL", "server/.env LLM_MODEL");
            effect = "LLM_URL names " + after.ollama().service().orElseThrow()
                    + " now; the models already pulled are in the "
                    + "ollama_data volume, which both Ollama services use";
        } else {
            settings = List.of("server/.env LLM_MODEL");
            effect = after.llmModel().orElseThrow() + " is pulled; "
                    + before.llmModel().orElseThrow()
                    + " stays in the ollama_data volume (delete it with: docker compose exec "
                    + after.ollama().service().orElseThrow() + " ollama rm "
                    + before.llmModel().orElseThrow() + ")";
        }
        return make(LLM, before.llmLabel(), after.llmLabel(), off, on, profiles, settings, effect);
    }

    private static ComponentSwitch make(
            String component,
            String from,
            String to,
            Collection<Service> off,
            Collection<Service> on,
            List<String> profiles,
            List<String> settings,
            String effect) {
        return new ComponentSwitch(
                component,
                from,
                to,
                off.stream().map(Service::serviceName).toList(),
                on.stream().map(Service::serviceName).toList(),
                Service.volumesLeftBehind(off, profiles),
                Service.portsLeftFree(off, profiles),
                settings,
                effect);
    }

    private static Service service(ModelMode mode) {
        return mode == ModelMode.GPU ? Service.GPU : Service.CPU;
    }

    /** "proxy: caddy (self-signed) -> none" */
    public String headline() {
        return component + ": " + from + " -> " + to;
    }

    /** The whole switch as one sentence, for the progress, the plan and the summary. */
    public String text() {
        List<String> parts = new ArrayList<>();
        if (!servicesOff.isEmpty()) {
            parts.add("stop and remove " + String.join(", ", servicesOff)
                    + (portsFreed.isEmpty() ? "" : " (freeing ports " + String.join(", ", portsFreed) + ")"));
        }
        if (!servicesOn.isEmpty()) {
            parts.add("start " + String.join(", ", servicesOn) + " as a fresh install would"
                    + (servicesOff.isEmpty() ? ", with the volumes it had, if any" : ""));
        }
        if (!volumesKept.isEmpty()) {
            parts.add("keep the volume" + (volumesKept.size() > 1 ? "s " : " ") + String.join(", ", volumesKept));
        }
        if (!settings.isEmpty()) {
            parts.add(
                    (to.equals("none") && component.equals(LLM) ? "remove " : "update ") + String.join(", ", settings));
        }
        String effects = effect == null || effect.isEmpty() ? "" : "; " + effect;
        return "switch " + headline() + ": " + String.join("; ", parts) + effects;
    }
}
