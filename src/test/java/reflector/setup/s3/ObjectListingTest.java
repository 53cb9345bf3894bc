package reflector.setup.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ListObjectsV2's answers as AWS, MinIO and Garage write them. */
class ObjectListingTest {
    static ObjectListing.Page parse(String xml) throws IOException {
        return ObjectListing.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void urlEncodedKeysAreDecodedWhenTheAnswerSaysSo() throws IOException {
        ObjectListing.Page page = parse(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
                        + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>media</Name><Prefix></Prefix><KeyCount>2</KeyCount>"
                        + "<MaxKeys>2</MaxKeys><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
                        + "<Contents><Key>a+b%2Bc/%C3%A9t%C3%A9.mp3</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>"
                        + "<ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>3</Size></Contents>"
                        + "<Contents><Key>x/audio.mp3</Key><ETag>\"d41d8cd98f00b204e9800998ecf8427e-2\"</ETag><Size>0</Size></Contents>"
                        + "<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>");
        assertEquals(
                List.of(
                        new ObjectListing.Entry("a b+c/été.mp3", 3, "9b2cf535f27731c974343645a3985328"),
                        new ObjectListing.Entry("x/audio.mp3", 0, "d41d8cd98f00b204e9800998ecf8427e-2")),
                page.entries());
        assertEquals(Optional.of("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="), page.nextContinuationToken());
    }

    @Test
    void keysAreTakenAsTheyAreWithoutEncodingTypeAndTheLastPageHasNoToken() throws IOException {
        ObjectListing.Page page =
                parse("<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a+b%2B.mp3</Key>"
                        + "<Size>1</Size><ETag>\"x\"</ETag></Contents></ListBucketResult>");
        assertEquals(List.of(new ObjectListing.Entry("a+b%2B.mp3", 1, "x")), page.entries());
        assertEquals(Optional.empty(), page.nextContinuationToken());
    }

    @Test
    void aTruncatedPageWithoutTokenOrNoListingAtAllIsAnError() {
        IOException noToken = assertThrows(
                IOException.class, () -> parse("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"));
        assertTrue(noToken.getMessage().contains("NextContinuationToken"), noToken.getMessage());
        assertThrows(IOException.class, () -> parse("<html>a proxy's login page</html>"));
        assertThrows(IOException.class, () -> parse("not xml"));
        assertThrows(
                IOException.class,
                () -> parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<ListBucketResult><Contents><Key>&e;</Key><Size>1</Size></Contents></ListBucketResult>"),
                "no DTDs, no external entities");
    }
}
