package reflector.setup.config;

import reflector.setup.catalog.Service;

/**
 * The public addresses written to server/.env (BASE_URL, CORS_ORIGIN) and www/.env (SITE_URL,
 * NEXTAUTH_URL, API_URL), from --public-url, --domain, the address and whether Caddy runs.
 */
public record PublicUrls(String serverUrl, String siteUrl) {

    /** Of the whole settings, as the JSON summary reads them. */
    public static PublicUrls of(DeploymentSettings settings) {
        if (settings.publicUrl().isPresent()) {
            String url = settings.publicUrl().get();
            return new PublicUrls(url, url);
        }
        if (settings.domain().isPresent()) {
            String url = "https://" + settings.domain().get();
            return new PublicUrls(url, url);
        }
        String host = settings.publicIp().map(PublicUrls::hostForUrl).orElse(null);
        if (settings.caddy()) {
            String url = "https://" + (host == null ? "localhost" : host);
            return new PublicUrls(url, url);
        }
        if (host != null) {
            return new PublicUrls("http://" + host, "http://" + host);
        }
        return new PublicUrls("http://localhost:" + Service.SERVER.port(), "http://localhost");
    }

    private static String hostForUrl(String ip) {
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }
}
