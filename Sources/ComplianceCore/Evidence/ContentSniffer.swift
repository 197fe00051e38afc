/// Decides what a file is from its first bytes; what a client claims is never trusted.
public enum ContentSniffer {
    /// How many leading bytes `sniff` wants.
    public static let prefixLength = 4096

    public static func sniff(_ prefix: [UInt8]) -> String {
        func starts(_ magic: [UInt8]) -> Bool { prefix.starts(with: magic) }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        if starts([0x1F, 0x8B]) { return "application/gzip" }
        guard !prefix.contains(0), let text = decodeUTF8Prefix(prefix) else { return "application/octet-stream" }
        let head = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        let lower = head.prefix(256).lowercased()
        if lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html") { return "text/html" }
        if lower.hasPrefix("<?xml") || lower.hasPrefix("<svg") { return lower.contains("<svg") ? "image/svg+xml" : "application/xml" }
        if head.hasPrefix("{") || head.hasPrefix("[") { return "application/json" }
        let firstLine = head.prefix { $0 != "\n" && $0 != "\r" }
        if firstLine.contains(","), text.contains("\n") { return "text/csv" }
        return "text/plain"
    }

    /// The prefix as UTF-8, tolerating a character cut off at the end of the prefix.
    private static func decodeUTF8Prefix(_ bytes: [UInt8]) -> String? {
        for trim in 0...3 where bytes.count >= trim {
            let slice = Array(bytes.dropLast(trim))
            if let text = String(validating: slice, as: UTF8.self) { return text }
        }
        return nil
    }

    /// Types a browser may show inline without risk (no scripts): everything else downloads.
    public static func isSafeInline(_ type: String) -> Bool {
        ["application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain", "text/csv", "application/json"].contains(type)
    }
}

/// Makes an uploaded file name safe to show and to offer back on download. Files are stored by
/// digest, so a name never reaches the disk; still, no path, no control characters, no NUL.
public enum FileName {
    /// Bidirectional controls make "invoice\u{202E}fdp.exe" read as "invoiceexe.pdf"; no file name needs them.
    static let directionControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    public static func sanitize(_ raw: String) -> String {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(
            String.UnicodeScalarView(
                lastComponent.unicodeScalars.filter {
                    $0.value >= 0x20 && $0.value != 0x7F && !["\"", "<", ">", "|", ":", "*", "?", ";"].contains(Character($0))
                        && !FileName.directionControls.contains($0.value)
                }))
        while cleaned.hasPrefix(".") || cleaned.hasPrefix(" ") { cleaned.removeFirst() }
        while cleaned.hasSuffix(" ") || cleaned.hasSuffix(".") { cleaned.removeLast() }
        if cleaned.count > 200 { cleaned = String(cleaned.prefix(200)) }
        return cleaned.isEmpty ? "evidence" : cleaned
    }
}
