package dev.suda.files.boundary;

import dev.suda.files.control.Files;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * Reads a {@code multipart/form-data} body as a stream (Commons FileUpload's streaming API): parts before the one
 * named {@code file} are skipped, and the file part's bytes are read straight from the request, never buffered whole.
 */
public final class MultipartStream implements Files.Incoming {

    private final String contentType;
    private final long contentLength;
    private final InputStream body;

    public MultipartStream(String contentType, long contentLength, InputStream body) {
        this.contentType = contentType;
        this.contentLength = contentLength;
        this.body = body;
    }

    @Override
    public Files.Part filePart() throws IOException {
        Parser parser = new Parser();
        parser.setHeaderCharset(StandardCharsets.UTF_8);
        FileItemInputIterator items;
        try {
            items = parser.getItemIterator(new Context());
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (!item.isFormField() && "file".equals(item.getFieldName())) {
                    return new Files.Part(item.getName(), item.getInputStream());
                }
            }
        } catch (FileUploadException e) {
            throw new IOException(e.getMessage(), e);
        }
        return null;
    }

    private final class Context implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return contentLength;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /** Only the streaming iterator is used; the methods that would keep items (on disk or in memory) are not. */
    private static final class Parser extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws FileUploadException, IOException {
            return super.getItemIterator(request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) {
            throw new UnsupportedOperationException("streaming only");
        }

        @Override
        public List<DiskFileItem> parseRequest(RequestContext request) {
            throw new UnsupportedOperationException("streaming only");
        }
    }
}
