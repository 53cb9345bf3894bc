package reflector.setup.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Every object under a prefix, through ListObjectsV2 page by page: each page's
 * NextContinuationToken asks for the next, until a page is not truncated.
 */
public final class ObjectListing {
    /** S3's own maximum (and default) page size. */
    public static final int PAGE_SIZE = 1000;

    /** One listed object: its full key, size and ETag (without quotes). */
    public record Entry(String key, long size, String etag) {}

    /** One page, and the token that asks for the next (empty on the last page). */
    public record Page(List<Entry> entries, Optional<String> nextContinuationToken) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    /** What a page's receiver does with it; it may throw, which ends the listing. */
    @FunctionalInterface
    public interface PageHandler {
        void accept(List<Entry> entries) throws IOException, InterruptedException;
    }

    private ObjectListing() {}

    /** Hands every page of the objects under {@code prefix} to {@code handler}, in the store's (key) order. */
    public static void forEachPage(S3Client s3, String bucket, String prefix, int pageSize, PageHandler handler)
            throws IOException, InterruptedException {
        Optional<String> token = Optional.empty();
        do {
            Page page = s3.listObjects(bucket, prefix, token, pageSize);
            handler.accept(page.entries());
            token = page.nextContinuationToken();
        } while (token.isPresent());
    }

    /** Reads a ListBucketResult. Keys come URL-encoded when it says {@code <EncodingType>url</EncodingType>}. */
    static Page parse(byte[] xml) throws IOException {
        Element root;
        try {
            root = parser().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXException e) {
            throw new IOException("the object listing is not XML: " + e.getMessage(), e);
        }
        if (!"ListBucketResult".equals(root.getLocalName() == null ? root.getNodeName() : root.getLocalName())) {
            throw new IOException("the object listing is not a ListBucketResult but " + root.getNodeName());
        }
        boolean urlEncoded = "url".equalsIgnoreCase(child(root, "EncodingType").orElse(""));
        List<Entry> entries = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && "Contents".equals(name(element))) {
                String key = child(element, "Key").orElseThrow(() -> new IOException("a listed object has no Key"));
                long size;
                try {
                    size = Long.parseLong(child(element, "Size").orElse("").strip());
                } catch (NumberFormatException e) {
                    throw new IOException("the listed object " + key + " has no valid Size", e);
                }
                entries.add(new Entry(
                        urlEncoded ? URLDecoder.decode(key, StandardCharsets.UTF_8) : key,
                        size,
                        ObjectHead.unquote(child(element, "ETag").orElse(""))));
            }
        }
        boolean truncated = "true"
                .equalsIgnoreCase(child(root, "IsTruncated").orElse("false").strip());
        Optional<String> next = child(root, "NextContinuationToken").filter(token -> !token.isEmpty());
        if (truncated && next.isEmpty()) {
            throw new IOException("the object listing is truncated but names no NextContinuationToken");
        }
        return new Page(entries, truncated ? next : Optional.empty());
    }

    private static Optional<String> child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element element && name.equals(name(element))) {
                return Optional.of(element.getTextContent());
            }
        }
        return Optional.empty();
    }

    private static String name(Element element) {
        return element.getLocalName() == null ? element.getNodeName() : element.getLocalName();
    }

    /** No DTDs and no external entities: the answer comes from a server we only partly trust. */
    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The default handler also prints "[Fatal Error] ..." on stderr.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }
}
