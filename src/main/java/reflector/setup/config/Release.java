package reflector.setup.config;

/**
 * One upstream Reflector release this installer can deploy, and what it must know about it.
 *
 * @param tag                   the release tag, which is also the backend and frontend image tag
 * @param stack                 the stack (compose file and templates) the release runs in
 * @param migrationHead         the head of the release's database migrations (alembic)
 * @param passwordLogin         whether the release has the self-hosted password login
 * @param upstreamComposeSha256 SHA-256 of upstream's docker-compose.selfhosted.yml at the tag: a
 *                              checkout holding exactly that file has upstream's, not an edit
 */
public record Release(
        String tag, String stack, String migrationHead, boolean passwordLogin, String upstreamComposeSha256) {}
