import ComplianceCore
import Foundation

/// What a check of one stored blob found.
public enum BlobCheck: Sendable, Equatable {
    case intact
    case missing
    case changed(actualSHA256: String)
}

/// Content-addressed storage: a blob's name is the SHA-256 of its bytes, so the same content is
/// stored once and any change to the bytes is visible.
public protocol BlobStore: Sendable {
    /// Where incoming blobs are spooled before `commit`: always local disk.
    var spoolDirectory: URL { get }
    /// Makes a spooled blob durable under its digest and removes the spool file. Idempotent.
    func commit(_ blob: SpooledBlob) async throws(BlobError)
    /// Streams the blob's bytes to `consume` in chunks, after re-checking its digest.
    func read(_ sha256: String, _ consume: ([UInt8]) async throws -> Void) async throws
    /// Re-hashes the stored bytes.
    func check(_ sha256: String) async throws(BlobError) -> BlobCheck
    /// A short description for logs and `attest verify`, e.g. "files in /data/blobs".
    var label: String { get }
}

extension BlobStore {
    /// Spools and commits a local file in one step.
    public func store(contentsOf url: URL, limit: Int64) async throws(BlobError) -> SpooledBlob {
        let spooled = try BlobSpool.spool(contentsOf: url, into: spoolDirectory, limit: limit)
        try await commit(spooled)
        return spooled
    }
}

/// Blobs as files under `<data-dir>/blobs/ab/cd/<sha256>`: written to a spool file, fsynced,
/// renamed into place (atomic on one file system), the directory fsynced. Never half visible.
public struct FileBlobStore: BlobStore {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public var spoolDirectory: URL { root.appendingPathComponent("spool", isDirectory: true) }
    public var label: String { "files in \(root.path)" }

    /// Where the blob with this digest lives: `<root>/aa/bb/<sha256>` (backups and benchmarks write the same layout).
    public func path(_ sha256: String) -> URL {
        let hex = Array(sha256)
        return root.appendingPathComponent(String(hex[0..<2])).appendingPathComponent(String(hex[2..<4])).appendingPathComponent(sha256)
    }

    public func commit(_ blob: SpooledBlob) async throws(BlobError) {
        let target = path(blob.sha256)
        let folder = target.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(folder.path): \(error.localizedDescription)")
        }
        if FileManager.default.fileExists(atPath: target.path) {
            unlink(blob.file.path)
            return
        }
        guard rename(blob.file.path, target.path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(blob.file.path)
            throw .io("cannot move the blob into place: \(message)")
        }
        let directory = open(folder.path, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    public func check(_ sha256: String) async throws(BlobError) -> BlobCheck {
        let file = path(sha256)
        guard FileManager.default.fileExists(atPath: file.path) else { return .missing }
        let actual = try Self.hash(file)
        return actual == sha256 ? .intact : .changed(actualSHA256: actual)
    }

    public func read(_ sha256: String, _ consume: ([UInt8]) async throws -> Void) async throws {
        switch try await check(sha256) {
        case .intact: break
        case .missing: throw BlobError.missing(sha256)
        case .changed(let actual): throw BlobError.corrupted(sha256: sha256, actual: actual)
        }
        let handle = try FileHandle(forReadingFrom: path(sha256))
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 256 * 1024), !chunk.isEmpty {
            try await consume(Array(chunk))
        }
    }

    /// The SHA-256 (hex) of a file, read 1 MiB at a time (backups check every file with it).
    public static func sha256(of file: URL) throws(BlobError) -> String { try hash(file) }

    static func hash(_ file: URL) throws(BlobError) -> String {
        let input = open(file.path, O_RDONLY)
        guard input >= 0 else { throw .io("cannot read \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        var hasher = SHA256Stream()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Foundation.read(input, buffer.baseAddress!, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("cannot read \(file.path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize()
    }
}
