import Foundation

/// Reviewed golden output: what people see (a page, a report) compared byte for byte with a file
/// committed beside the test. `ATTEST_RECORD_GOLDEN=1` writes the files anew; review the diff.
public enum Snapshot {
    /// Nil when `text` equals the stored snapshot, else a sentence naming the first differing line.
    public static func mismatch(_ text: String, named name: String, testFile: String = #filePath) -> String? {
        let url = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("__Snapshots__/\(name)")
        if ProcessInfo.processInfo.environment["ATTEST_RECORD_GOLDEN"] != nil {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
        }
        guard let stored = try? String(contentsOf: url, encoding: .utf8) else {
            return "no snapshot \(url.lastPathComponent) yet; record it with ATTEST_RECORD_GOLDEN=1 and review it"
        }
        guard stored != text else { return nil }
        let new = text.split(separator: "\n", omittingEmptySubsequences: false)
        let old = stored.split(separator: "\n", omittingEmptySubsequences: false)
        let line = Array(zip(new, old)).firstIndex { $0 != $1 } ?? min(new.count, old.count)
        let was = line < old.count ? String(old[line].prefix(160)) : "(end)"
        let now = line < new.count ? String(new[line].prefix(160)) : "(end)"
        return "\(name) differs from its snapshot at line \(line + 1): was «\(was)», now «\(now)»"
    }
}
