import Foundation

/// A file the file blob store holds: a blob under its digest, or a spool file an upload left.
public struct StoredFile: Sendable, Hashable {
    public let url: URL
    /// The digest it is stored under; nil for a spool file.
    public let sha256: String?
    public let size: Int64
    public let modified: Date
}

extension FileBlobStore {
    /// Every blob on disk (named by its digest, two levels of folders deep) and every spool file,
    /// for `attest gc` to compare with what the database references.
    public func storedFiles() -> (blobs: [StoredFile], spool: [StoredFile]) {
        var blobs: [StoredFile] = []
        var spool: [StoredFile] = []
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else { return ([], []) }
        for case let url as URL in walker {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            let file = { (sha: String?) in
                StoredFile(url: url, sha256: sha, size: Int64(values.fileSize ?? 0), modified: values.contentModificationDate ?? .distantPast)
            }
            if url.deletingLastPathComponent().standardizedFileURL == spoolDirectory.standardizedFileURL {
                spool.append(file(nil))
            } else if url.lastPathComponent.count == 64, url.lastPathComponent.allSatisfy(\.isHexDigit) {
                blobs.append(file(url.lastPathComponent))
            }
        }
        return (blobs, spool)
    }
}
