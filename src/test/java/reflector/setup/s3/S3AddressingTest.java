package reflector.setup.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The URLs the backend's botocore uses (upstream v0.35.0 storage_aws.py: addressing_style "path"
 * with an endpoint URL; botocore's "auto" against AWS without one), and the paths SigV4 signs.
 */
class S3AddressingTest {

    @Test
    void anEndpointIsAddressedPathStyleAsTheBackendConfiguresBoto() {
        S3Addressing.Target target = S3Addressing.forBackend(Optional.of("http://garage:3900"), "garage")
                .target("reflector-media", "0b1e/audio.mp3");
        assertEquals(URI.create("http://garage:3900/reflector-media/0b1e/audio.mp3"), target.uri());
        assertEquals("/reflector-media/0b1e/audio.mp3", target.canonicalPath());
        assertEquals("garage:3900", target.host());
    }

    @Test
    void anEndpointsPathAndTrailingSlashAreKeptOnceAndDefaultPortsAreNotInTheHost() {
        S3Addressing minio = S3Addressing.forBackend(Optional.of("https://s3.example.com:443/storage/"), "us-east-1");
        S3Addressing.Target target = minio.target("media", "a b/c+d.mp3");
        assertEquals("/storage/media/a%20b/c%2Bd.mp3", target.canonicalPath());
        assertEquals(URI.create("https://s3.example.com:443/storage/media/a%20b/c%2Bd.mp3"), target.uri());
        assertEquals("s3.example.com", target.host());
        assertEquals("https://s3.example.com:443/storage/media", minio.describe("media"));
    }

    @Test
    void withoutAnEndpointAwsIsAddressedVirtualHostedForTheRegion() {
        S3Addressing.Target target =
                S3Addressing.forBackend(Optional.empty(), "eu-west-1").target("meetings", "x/audio.mp3");
        assertEquals(URI.create("https://meetings.s3.eu-west-1.amazonaws.com/x/audio.mp3"), target.uri());
        assertEquals("/x/audio.mp3", target.canonicalPath());
        assertEquals("meetings.s3.eu-west-1.amazonaws.com", target.host());
        assertEquals(
                URI.create("https://meetings.s3.eu-west-1.amazonaws.com/"),
                S3Addressing.aws("eu-west-1").target("meetings", "").uri(),
                "a bucket-level request (a listing)");
    }

    @Test
    void usEast1IsBotocoresGlobalHost() {
        assertEquals(
                URI.create("https://meetings.s3.amazonaws.com/k"),
                S3Addressing.aws("us-east-1").target("meetings", "k").uri());
    }

    @Test
    void aBucketNameDnsDoesNotAllowGoesIntoThePathOnAws() {
        S3Addressing.Target dotted = S3Addressing.aws("eu-west-1").target("media.example.com", "k");
        assertEquals(URI.create("https://s3.eu-west-1.amazonaws.com/media.example.com/k"), dotted.uri());
        assertEquals("/media.example.com/k", dotted.canonicalPath());
        assertTrue(S3Addressing.virtualHostable("reflector-media"));
        assertFalse(S3Addressing.virtualHostable("media.example.com"));
        assertFalse(S3Addressing.virtualHostable("192.168.1.1"));
        assertFalse(S3Addressing.virtualHostable("-media"));
    }
}
