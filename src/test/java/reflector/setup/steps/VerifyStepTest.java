package reflector.setup.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reflector.setup.config.AuthRequest;
import reflector.setup.config.DeploymentFiles;
import reflector.setup.config.OllamaMode;
import reflector.setup.config.ReflectorVersion;
import reflector.setup.config.Releases;
import reflector.setup.config.Settings;
import reflector.setup.core.ExitCode;
import reflector.setup.docker.LogRequest;
import reflector.setup.docker.PublishedPort;
import reflector.setup.files.Workspace;
import reflector.setup.output.Console;
import reflector.setup.output.Verbosity;
import reflector.setup.s3.FakeS3Server;
import reflector.setup.secrets.SecretMasker;
import reflector.setup.support.FakeDocker;
import reflector.setup.support.FakeDocker.Call;
import reflector.setup.support.SettingsBuilder;
import reflector.setup.verify.FakeChatServer;
import reflector.setup.verify.FakeNextAuthFrontend;
import reflector.setup.verify.FakeReflectorBackend;

/**
 * The verify step through its context: stand-ins of the backend's login API, the frontend's
 * NextAuth routes, Garage's S3 API and Ollama's chat endpoint, found where the compose file (an in-memory Docker) publishes the
 * services' ports, with server/.env as the earlier steps write it.
 */
class VerifyStepTest {
    static final String KEY_ID = "GK31c2f218a2e44f485b94239e";
    static final String S3_SECRET = "b892c0665f0ada8a4755dae98baa3b133590e11dae3bcc1f9d769d67f16c3835";
    static final List<String> GARAGE_STORAGE = List.of(
            "TRANSCRIPT_STORAGE_BACKEND=aws",
            "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL=http://garage:3900",
            "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID=" + KEY_ID,
            "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=" + S3_SECRET,
            "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=reflector-media",
            "TRANSCRIPT_STORAGE_AWS_REGION=garage");
    static final String STORAGE_NOTE = "storage: wrote, read and deleted an object in reflector-media";
    static final String SCHEMA_NOTE =
            "schema: the database is at " + FakeDocker.SCHEMA_HEAD + ", the head of the server " + "image's migrations";

    @TempDir
    Path dir;

    final FakeDocker docker = new FakeDocker();
    final StringWriter err = new StringWriter();
    FakeReflectorBackend backend;
    FakeNextAuthFrontend frontend;
    FakeS3Server garage;
    FakeChatServer ollama;

    @BeforeEach
    void aDeploymentWithItsPortsMoved() throws IOException {
        backend = new FakeReflectorBackend();
        frontend = new FakeNextAuthFrontend(backend.baseUrl());
        garage = new FakeS3Server("garage");
        garage.key(KEY_ID, S3_SECRET);
        garage.bucket("reflector-media");
        garage.allow(KEY_ID, "reflector-media", "rw");
        ollama = new FakeChatServer();
        ollama.install("qwen2.5:14b");
        Files.writeString(dir.resolve(DeploymentFiles.COMPOSE_FILE), "services: {}\n");
        docker.publishedPorts = Map.of(
                "server", List.of(new PublishedPort("127.0.0.1", backend.port(), 1250, "tcp")),
                "web", List.of(new PublishedPort("127.0.0.1", frontend.port(), 3000, "tcp")),
                "garage", List.of(new PublishedPort("127.0.0.1", garage.port(), 3900, "tcp")),
                "ollama-cpu", List.of(new PublishedPort("127.0.0.1", ollama.port(), 11435, "tcp")));
        docker.runningAtTheSchemaHead();
        serverEnv(
                "AUTH_BACKEND=password",
                "PUBLIC_MODE=false",
                "ADMIN_EMAIL=admin@localhost",
                "LLM_URL=http://ollama-cpu:11435/v1",
                "LLM_MODEL=qwen2.5:14b",
                "LLM_API_KEY=not-needed");
        wwwEnv(
                "FEATURE_REQUIRE_LOGIN=true",
                "AUTH_PROVIDER=credentials",
                "NEXTAUTH_URL=" + frontend.nextAuthUrl,
                "NEXTAUTH_SECRET=" + frontend.secret,
                "SERVER_API_URL=http://server:1250");
    }

    @AfterEach
    void stop() {
        frontend.close();
        backend.close();
        garage.close();
        ollama.close();
    }

    void wwwEnv(String... lines) throws IOException {
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve(DeploymentFiles.WWW_ENV), String.join("\n", lines) + "\n");
    }

    /** server/.env with these lines, and the storage the storage step writes with --garage. */
    void serverEnv(String... lines) throws IOException {
        serverEnvWithoutStorage(lines);
        Files.writeString(
                dir.resolve(DeploymentFiles.SERVER_ENV),
                String.join("\n", GARAGE_STORAGE) + "\n",
                StandardOpenOption.APPEND);
    }

    void serverEnvWithoutStorage(String... lines) throws IOException {
        Files.createDirectories(dir.resolve("server"));
        Files.writeString(dir.resolve(DeploymentFiles.SERVER_ENV), String.join("\n", lines) + "\n");
    }

    StepContext context(AuthRequest auth, boolean garage, OllamaMode ollama, boolean dryRun) {
        SettingsBuilder builder = SettingsBuilder.cpu(dir).auth(auth);
        if (garage) {
            builder.garage();
        }
        if (ollama.enabled()) {
            builder.ollama(ollama, "qwen2.5:14b");
        }
        if (dryRun) {
            builder.dryRun();
        }
        Settings settings = builder.build();
        StepContext context = new StepContext(
                settings,
                new Workspace(dir, dryRun),
                new Console(new PrintWriter(err, true), Verbosity.NORMAL, false),
                () -> docker,
                new SecureRandom(),
                Clock.systemUTC(),
                new RunReport(),
                SecretMasker.empty());
        context.begin(context.report().start("verify"));
        return context;
    }

    StepContext withPassword() {
        return context(AuthRequest.password(backend.adminPassword.toCharArray()), true, OllamaMode.CPU, false);
    }

    static List<String> notes(StepContext context) {
        return context.report().steps().get(0).notes();
    }

    static ServiceFailure fails(StepContext context) {
        ServiceFailure failure = assertThrows(ServiceFailure.class, () -> new VerifyStep().run(context));
        assertEquals(ExitCode.SERVICE_FAILED, failure.exitCode());
        assertEquals(4, failure.exitCode().code());
        return failure;
    }

    @Test
    void withAPasswordLoginStorageAndTheLlmAreProvenAtThePublishedPorts() throws Exception {
        StepContext context = withPassword();
        new VerifyStep().run(context);
        assertEquals(
                List.of(
                        SCHEMA_NOTE,
                        "login as admin@localhost through the frontend works: its session holds a token the "
                                + "API accepts; the API refuses requests without it",
                        "storage: wrote, read and deleted an object in reflector-media",
                        "LLM: qwen2.5:14b answered"),
                notes(context));
        assertEquals(1, backend.loginAttempts());
        assertEquals(3, garage.requests().size());
        assertEquals(1, ollama.requests().size());
        assertTrue(docker.calls.contains(Call.of("config")), "the ports come from the compose file");
        String token = backend.issuedTokens().iterator().next();
        assertFalse(context.masker().mask("t=" + token + " s=" + S3_SECRET).contains(token), "the token is masked");
        assertTrue(
                frontend.requests().contains("POST /api/auth/callback/credentials"),
                "the login went through the frontend");
        assertFalse(context.masker().mask("s=" + S3_SECRET).contains(S3_SECRET), "the S3 secret is masked");
        assertFalse(err.toString().contains(backend.adminPassword));
    }

    @Test
    void aBackendWithoutPasswordLoginFailsWithExitFourOnTheServer() {
        backend.passwordLogin = false;
        ServiceFailure failure = fails(withPassword());
        assertEquals("server", failure.service());
        assertEquals(
                "the backend has no password login (GET /v1/auth/login answered 404): this Reflector version "
                        + "predates it",
                failure.getMessage());
        assertEquals(List.of(), garage.requests(), "nothing else is checked after a failure");
    }

    @Test
    void aRefusedLoginFailsWithExitFour() {
        StepContext context =
                context(AuthRequest.password("not the admin's password".toCharArray()), true, OllamaMode.CPU, false);
        assertTrue(fails(context)
                .getMessage()
                .startsWith("login as admin@localhost through the frontend was refused "
                        + "(POST /api/auth/callback/credentials answered 401, error=CredentialsSignin)"));
        assertEquals(1, backend.loginAttempts());
    }

    @Test
    void aRateLimitedLoginFailsWithExitFour() {
        backend.exhaustLoginAttempts();
        assertTrue(fails(withPassword())
                .getMessage()
                .contains("or because its limit of 10 logins in 5 minutes was reached"));
    }

    @Test
    void aFrontendWithoutLoginInFrontOfThePasswordApiFailsOnTheWebServiceNamingWwwEnv() throws IOException {
        frontend.requireLogin = false;
        wwwEnv("FEATURE_REQUIRE_LOGIN=false", "NEXTAUTH_SECRET=" + frontend.secret);
        ServiceFailure failure = fails(context(AuthRequest.keep(), false, OllamaMode.NONE, false));
        assertEquals("web", failure.service());
        assertEquals(
                "the frontend offers no login but the API requires one (AUTH_BACKEND=password): www/.env "
                        + "FEATURE_REQUIRE_LOGIN=false",
                failure.getMessage());
        assertEquals(0, backend.loginAttempts());
    }

    @Test
    void aFrontendWhoseWaitRanOutIsNotCheckedAndTheBackendAloneIs() throws Exception {
        frontend.requireLogin = false; // it would disagree, were it asked
        StepContext context = withPassword();
        context.report().unanswered("web");
        new VerifyStep().run(context);
        assertTrue(
                notes(context)
                        .contains("the API refuses requests without login (AUTH_BACKEND=password); the frontend and "
                                + "a login through it were not checked: web did not answer in time"),
                notes(context).toString());
        assertEquals(0, backend.loginAttempts(), "no login is spent: it would go through the frontend");
        assertTrue(frontend.requests().isEmpty(), frontend.requests().toString());
        assertTrue(err.toString().contains("the frontend was not checked"), err.toString());
        backend.publicMode = true;
        StepContext open = withPassword();
        open.report().unanswered("web");
        assertEquals(
                "GET /v1/transcripts without login (AUTH_BACKEND=password) answered 200, expected 401",
                fails(open).getMessage());
    }

    @Test
    void anApiOpenWithoutLoginFailsWithExitFour() {
        backend.publicMode = true;
        assertEquals(
                "the API answered without login although AUTH_BACKEND=password (GET /v1/transcripts answered 200)",
                fails(withPassword()).getMessage());
    }

    @Test
    void aRerunWithoutPasswordChecksOnlyThatTheApiIsClosed() throws Exception {
        StepContext context = context(AuthRequest.keep(), false, OllamaMode.CPU, false);
        new VerifyStep().run(context);
        assertEquals(
                List.of(
                        SCHEMA_NOTE,
                        "the API refuses requests without login and the frontend offers it (credentials); "
                                + "login was not tried (no password given in this run)",
                        STORAGE_NOTE,
                        "LLM: qwen2.5:14b answered"),
                notes(context));
        assertEquals(List.of("GET /v1/transcripts"), backend.requests());
        assertEquals(List.of("GET /api/auth/providers"), frontend.requests());
    }

    @Test
    void externalLoginIsNotTried() throws Exception {
        serverEnv("AUTH_BACKEND=jwt", "PUBLIC_MODE=false");
        frontend.authProvider = "authentik";
        StepContext context = context(AuthRequest.keep(), false, OllamaMode.NONE, false);
        new VerifyStep().run(context);
        assertEquals(
                List.of(
                        SCHEMA_NOTE,
                        "the API refuses requests without login and the frontend offers it (authentik); "
                                + "login is external (AUTH_BACKEND=jwt) and was not tried",
                        STORAGE_NOTE),
                notes(context));
    }

    @Test
    void aPublicInstanceMustAnswerWithoutLogin() throws Exception {
        serverEnv("AUTH_BACKEND=none", "PUBLIC_MODE=true");
        wwwEnv("FEATURE_REQUIRE_LOGIN=false");
        backend.publicMode = true;
        frontend.requireLogin = false;
        StepContext context = context(AuthRequest.makePublic(), false, OllamaMode.NONE, false);
        new VerifyStep().run(context);
        assertEquals(
                List.of(
                        SCHEMA_NOTE,
                        "the API answers without login and the frontend offers none: the instance is "
                                + "public, as asked",
                        STORAGE_NOTE),
                notes(context));
        frontend.requireLogin = true;
        ServiceFailure asksForLogin = fails(context(AuthRequest.makePublic(), false, OllamaMode.NONE, false));
        assertEquals("web", asksForLogin.service());
        assertTrue(asksForLogin
                .getMessage()
                .startsWith("the frontend asks for a login (credentials) but the API is public"));
        frontend.requireLogin = false;
        backend.publicMode = false;
        assertEquals(
                "the API asks for a login (GET /v1/transcripts answered 401) although server/.env has "
                        + "AUTH_BACKEND=none, PUBLIC_MODE=true",
                fails(context(AuthRequest.makePublic(), false, OllamaMode.NONE, false))
                        .getMessage());
    }

    @Test
    void aStorageFailureNamesGarage() {
        garage.allow(KEY_ID, "reflector-media", "r");
        ServiceFailure failure = fails(withPassword());
        assertEquals("garage", failure.service());
        assertEquals(
                "storage: writing and reading an object failed: the key " + KEY_ID + " lacks read/write permission "
                        + "on the bucket reflector-media (AccessDenied: Forbidden: Operation is not allowed for this key.)",
                failure.getMessage());
    }

    @Test
    void missingStorageCredentialsFailWithExitFour() throws IOException {
        serverEnvWithoutStorage(
                "AUTH_BACKEND=password",
                "TRANSCRIPT_STORAGE_BACKEND=aws",
                "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=reflector-media");
        ServiceFailure failure = fails(context(AuthRequest.keep(), true, OllamaMode.NONE, false));
        assertEquals(
                "storage cannot be checked: server/.env has no TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID (the storage "
                        + "step writes it: --garage, or the --s3-* options)",
                failure.getMessage());
    }

    @Test
    void aMissingModelNamesTheOllamaService() {
        ollama.remove("qwen2.5:14b");
        ServiceFailure failure = fails(withPassword());
        assertEquals("ollama-cpu", failure.service());
        assertEquals(
                "LLM: POST http://127.0.0.1:" + ollama.port() + "/v1/chat/completions with model qwen2.5:14b "
                        + "answered 404: model \"qwen2.5:14b\" not found, try pulling it first",
                failure.getMessage());
    }

    @Test
    void anLlmUrlElsewhereIsNotCheckedAndSaysSo() throws Exception {
        serverEnv("AUTH_BACKEND=password", "LLM_URL=http://llm.example.com/v1", "LLM_MODEL=qwen2.5:14b");
        StepContext context = context(AuthRequest.keep(), false, OllamaMode.CPU, false);
        new VerifyStep().run(context);
        assertEquals(
                List.of("LLM_URL in server/.env (http://llm.example.com/v1) does not name the local Ollama "
                        + "(ollama-cpu); the LLM was not checked"),
                context.report().warnings());
        assertEquals(List.of(), ollama.requests());
    }

    static final String MULTIPLE_HEADS =
            "Multiple head revisions are present for given argument 'head'; please specify a "
                    + "specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads";

    @Test
    void migrationsThatDidNotRunFailTheServerWithAlembicsLinesBeforeAnyLogin() {
        docker.serverMigrations(Map.of(
                "3aa20b96d963",
                List.of(),
                "20260219000000",
                List.of("3aa20b96d963"),
                "623af934249a",
                List.of("3aa20b96d963")));
        docker.alembicVersion = null;
        docker.logLines.addAll(List.of(
                "2026-02-23T10:00:00 [server] settings seen (3):",
                "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
                "ERROR [alembic.util.messaging] " + MULTIPLE_HEADS,
                "FAILED: " + MULTIPLE_HEADS,
                "INFO:     127.0.0.1:40000 - \"GET /health HTTP/1.1\" 200 OK"));
        ServiceFailure failure = fails(withPassword());
        assertEquals("server", failure.service());
        assertEquals(
                "the database schema is not the server's: the server image's migrations have 2 heads (20260219000000, "
                        + "623af934249a): alembic refuses `upgrade head`, so no migration ran; the server runs on a database without "
                        + "its schema (no alembic_version table)\n"
                        + "The server's migration log (alembic):\n"
                        + "  INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n"
                        + "  ERROR [alembic.util.messaging] " + MULTIPLE_HEADS + "\n"
                        + "  FAILED: " + MULTIPLE_HEADS + "\n"
                        + "What to do: deploy a Reflector version whose migrations have one head (a release, e.g. v0.35.0: "
                        + "reflector-setup upgrade --reflector-version v0.35.0 --dir " + dir + ")",
                failure.getMessage());
        assertEquals(0, backend.loginAttempts(), "the schema is judged first");
        assertEquals(new LogRequest(5000, Optional.empty(), false), docker.logRequests.get(0));
    }

    @Test
    void aRevisionTheImageDoesNotKnowAndItsLogLinesMasked() {
        docker.alembicVersion = List.of("20260219000000");
        docker.logLines.add(
                "ERROR [alembic.util.messaging] Can't locate revision identified by '20260219000000' " + S3_SECRET);
        StepContext context = withPassword();
        context.secret(S3_SECRET);
        ServiceFailure failure = fails(context);
        assertTrue(
                failure.getMessage()
                        .startsWith(
                                "the database schema is not the server's: the database is at "
                                        + "20260219000000, which the server image's migrations do not know (their head is 623af934249a)"),
                failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("\n  ERROR [alembic.util.messaging] Can't locate revision identified by "
                                + "'20260219000000' ********\n"),
                failure.getMessage());
        assertTrue(
                failure.getMessage()
                        .contains("What to do: go back to the version that migrated the database, or restore "
                                + "the backup taken before the upgrade"),
                failure.getMessage());
    }

    @Test
    void behindTheHeadSaysHowToMigrateAgain() {
        docker.alembicVersion = List.of("3aa20b96d963");
        ServiceFailure failure = fails(withPassword());
        assertTrue(
                failure.getMessage()
                        .contains("the database is at 3aa20b96d963, 1 migration behind the server image's head "
                                + "623af934249a"),
                failure.getMessage());
        assertTrue(
                failure.getMessage().contains("(no migration lines in the last 5000 lines of the server's log)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("docker restart reflector-test-server-1"), failure.getMessage());
    }

    @Test
    void aDeploymentOfTheBrokenCommitIsToldToUpgrade() {
        docker.alembicVersion = null;
        docker.serverMigrations(Map.of(
                "3aa20b96d963",
                List.of(),
                "20260219000000",
                List.of("3aa20b96d963"),
                "623af934249a",
                List.of("3aa20b96d963")));
        Settings settings = SettingsBuilder.cpu(dir)
                .version(ReflectorVersion.commit(Releases.BROKEN_COMMIT, "https://example.invalid/reflector.git"))
                .build();
        StepContext context = new StepContext(
                settings,
                new Workspace(dir, false),
                new Console(new PrintWriter(err, true), Verbosity.NORMAL, false),
                () -> docker,
                new SecureRandom(),
                Clock.systemUTC(),
                new RunReport(),
                SecretMasker.empty());
        context.begin(context.report().start("verify"));
        ServiceFailure failure = fails(context);
        assertTrue(
                failure.getMessage().contains("What to do: this deployment runs Reflector commit bfa10718"),
                failure.getMessage());
        assertTrue(failure.getMessage().endsWith("reflector-setup upgrade --dir " + dir), failure.getMessage());
    }

    @Test
    void aStoppedDatabaseFailsPostgres() {
        docker.containers.removeIf(container -> container.service().equals("postgres"));
        docker.containers.add(FakeDocker.container("postgres", "exited", null));
        ServiceFailure failure = fails(withPassword());
        assertEquals("postgres", failure.service());
        assertEquals(
                "postgres is not running, so the database schema cannot be proven; see `reflector-setup status`",
                failure.getMessage());
    }

    @Test
    void aDryRunPlansTheChecksAndSendsNothing() throws Exception {
        StepContext context = context(AuthRequest.password("pw".toCharArray()), true, OllamaMode.CPU, true);
        new VerifyStep().run(context);
        assertEquals(
                List.of(
                        "compare the database's migration revision (alembic_version) with the head of the migrations "
                                + "the server image carries",
                        "check that the API refuses requests without login and the frontend offers the "
                                + "password login, then log in once through the frontend as admin@localhost and use its session's token",
                        "write, read back and delete a check object in reflector-media through Garage's S3 API",
                        "ask qwen2.5:14b for one short completion through LLM_URL"),
                context.report().steps().get(0).plannedActions());
        assertEquals(List.of(), backend.requests());
        assertEquals(List.of(), frontend.requests());
        assertEquals(List.of(), garage.requests());
        assertEquals(List.of(), ollama.requests());
        assertEquals(List.of(), docker.calls, "a dry run does not ask Compose for the ports");
    }

    /** An external S3 stand-in (another region, bucket and key) where server/.env names it, as --s3-* write it. */
    FakeS3Server externalS3(String bucketSetting) throws IOException {
        FakeS3Server external = new FakeS3Server("eu-west-1");
        external.key("AKIAEXTERNAL0001", "an external secret");
        external.bucket("media");
        external.allow("AKIAEXTERNAL0001", "media", "rw");
        serverEnvWithoutStorage(
                "AUTH_BACKEND=none",
                "PUBLIC_MODE=true",
                "TRANSCRIPT_STORAGE_BACKEND=aws",
                "TRANSCRIPT_STORAGE_AWS_ENDPOINT_URL=" + external.baseUrl(),
                "TRANSCRIPT_STORAGE_AWS_ACCESS_KEY_ID=AKIAEXTERNAL0001",
                "TRANSCRIPT_STORAGE_AWS_SECRET_ACCESS_KEY=an external secret",
                "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=" + bucketSetting,
                "TRANSCRIPT_STORAGE_AWS_REGION=eu-west-1");
        wwwEnv("FEATURE_REQUIRE_LOGIN=false");
        backend.publicMode = true;
        frontend.requireLogin = false;
        return external;
    }

    @Test
    void externalStorageIsProvenAtItsEndpointWithTheBackendsBucketRegionAndKey() throws Exception {
        try (FakeS3Server external = externalS3("media")) {
            StepContext context = context(AuthRequest.keep(), false, OllamaMode.NONE, false);
            new VerifyStep().run(context);
            assertTrue(
                    notes(context)
                            .contains("storage: wrote, read and deleted an object in media at " + external.baseUrl()
                                    + "/media (as the backend addresses it)"),
                    notes(context).toString());
            List<String> requests = external.requests();
            assertEquals(3, requests.size(), requests.toString());
            assertTrue(requests.get(0).startsWith("PUT /media/reflector-setup-check/"), requests.toString());
            assertEquals(List.of(), external.objects("media").stream().toList(), "the check object was deleted");
            assertEquals(List.of(), garage.requests(), "Garage is not this deployment's storage");
        }
    }

    @Test
    void aFolderInTheBucketSettingIsWhereTheCheckObjectGoes() throws Exception {
        try (FakeS3Server external = externalS3("media/reflector")) {
            new VerifyStep().run(context(AuthRequest.keep(), false, OllamaMode.NONE, false));
            assertTrue(
                    external.requests().get(0).startsWith("PUT /media/reflector/reflector-setup-check/"),
                    external.requests().toString());
        }
    }

    @Test
    void externalStorageThatRefusesTheKeyFailsWithoutBlamingAService() throws Exception {
        try (FakeS3Server external = externalS3("media")) {
            external.key("AKIAEXTERNAL0001", "another secret");
            ServiceFailure failure = fails(context(AuthRequest.keep(), false, OllamaMode.NONE, false));
            assertEquals(null, failure.service(), "no container of the deployment to show the logs of");
            assertTrue(
                    failure.getMessage()
                            .startsWith(
                                    "storage: writing and reading an object failed: the signature was " + "refused"),
                    failure.getMessage());
        }
    }

    @Test
    void anExternalLlmIsAskedAtLlmUrlWithItsKey() throws Exception {
        try (FakeChatServer external = new FakeChatServer()) {
            external.install("gpt-4o-mini");
            external.answerAs = "gpt-4o-mini-2024-07-18";
            serverEnv(
                    "AUTH_BACKEND=none",
                    "PUBLIC_MODE=true",
                    "LLM_URL=" + external.baseUrl(),
                    "LLM_MODEL=gpt-4o-mini",
                    "LLM_API_KEY=sk-external-key");
            wwwEnv("FEATURE_REQUIRE_LOGIN=false");
            backend.publicMode = true;
            frontend.requireLogin = false;
            StepContext context = context(AuthRequest.keep(), false, OllamaMode.NONE, false);
            new VerifyStep().run(context);
            assertTrue(
                    notes(context)
                            .contains("LLM: gpt-4o-mini answered (as gpt-4o-mini-2024-07-18) at " + external.baseUrl()
                                    + "/chat/completions"),
                    notes(context).toString());
            assertEquals(List.of("Bearer sk-external-key"), external.authorizations);
            assertEquals(List.of(), ollama.requests());

            external.remove("gpt-4o-mini");
            ServiceFailure failure = fails(context(AuthRequest.keep(), false, OllamaMode.NONE, false));
            assertEquals(null, failure.service());
            assertTrue(
                    failure.getMessage()
                            .startsWith("LLM: POST " + external.baseUrl() + "/chat/completions with model "
                                    + "gpt-4o-mini answered 404"),
                    failure.getMessage());
        }
    }

    @Test
    void anLlmUrlNamingAnOllamaTheDeploymentNoLongerRunsFails() {
        ServiceFailure failure = fails(context(AuthRequest.keep(), true, OllamaMode.NONE, false));
        assertEquals(
                "LLM: LLM_URL in server/.env (http://ollama-cpu:11435/v1) names ollama-cpu, a local Ollama this "
                        + "deployment does not run: re-run with --ollama-gpu or --ollama-cpu, or set LLM_URL, LLM_MODEL and "
                        + "LLM_API_KEY to your LLM",
                failure.getMessage());
        assertEquals(List.of(), ollama.requests());
    }

    @Test
    void aDryRunPlansTheExternalChecksWhereServerEnvNamesThem() throws Exception {
        try (FakeS3Server external = externalS3("media")) {
            Files.writeString(
                    dir.resolve(DeploymentFiles.SERVER_ENV),
                    "LLM_URL=https://llm.example.com/v1\n",
                    StandardOpenOption.APPEND);
            StepContext context = context(AuthRequest.keep(), false, OllamaMode.NONE, true);
            new VerifyStep().run(context);
            List<String> planned = context.report().steps().get(0).plannedActions();
            assertTrue(
                    planned.contains("write, read back and delete a check object in bucket media at "
                            + external.baseUrl() + " (" + external.baseUrl() + "/media, as the backend addresses it)"),
                    planned.toString());
            assertTrue(
                    planned.contains("ask microsoft/phi-4 for one short completion through https://llm.example.com/v1"),
                    planned.toString());
            assertEquals(List.of(), external.requests());
        }
    }

    @Test
    void noStorageAtAllWithoutGarageIsAWarningNotASilence() throws Exception {
        serverEnvWithoutStorage(
                "AUTH_BACKEND=none",
                "PUBLIC_MODE=true",
                "TRANSCRIPT_STORAGE_BACKEND=aws",
                "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME=");
        wwwEnv("FEATURE_REQUIRE_LOGIN=false");
        backend.publicMode = true;
        frontend.requireLogin = false;
        StepContext context = context(AuthRequest.keep(), false, OllamaMode.NONE, false);
        new VerifyStep().run(context);
        assertEquals(
                List.of("storage was not checked: server/.env gives the backend no S3 storage (no "
                        + "TRANSCRIPT_STORAGE_AWS_BUCKET_NAME), so recordings cannot be stored; run the storage step with --garage or "
                        + "the --s3-* options"),
                context.report().warnings());
    }
}
