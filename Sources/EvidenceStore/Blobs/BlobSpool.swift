import ComplianceCore
import Crypto
import Foundation

/// A blob received in full: a temporary file, fsynced, with its SHA-256 and size.
public struct SpooledBlob: Sendable {
    public let file: URL
    public let sha256: String
    public let size: Int64
    /// The first bytes, for sniffing the content type.
    public let prefix: [UInt8]
    /// Line feeds seen: for a CSV population, its rows (less the header, and plus one when the last line has no newline).
    public let lineFeeds: Int

    /// Removes the spool file if it is still there. Whoever received the upload calls this when it
    /// is done (`defer`): after a commit the file has been renamed into the store, so this is a no-op.
    public func discard() {
        try? FileManager.default.removeItem(at: file)
    }
}

/// Problems storing or reading blobs, each with a sentence that names the cause.
public enum BlobError: Error, CustomStringConvertible, Equatable {
    case empty
    case tooLarge(limit: Int64)
    case diskFull(String)
    case io(String)
    case missing(String)
    case corrupted(sha256: String, actual: String)
    case remote(String)

    public var description: String {
        switch self {
        case .empty: "The file is empty; evidence needs content."
        case .tooLarge(let limit): "The file is larger than the limit of \(ByteCount.format(limit))."
        case .diskFull(let path): "The disk is full at \(path); nothing was stored."
        case .io(let message): "Storage error: \(message)"
        case .missing(let sha): "Blob \(sha) is missing from the store."
        case .corrupted(let sha, let actual): "Blob \(sha) has changed: its bytes now hash to \(actual)."
        case .remote(let message): message
        }
    }

    public var domainError: DomainError {
        switch self {
        case .empty: DomainError(.invalid, code: "empty_file", description)
        case .tooLarge: DomainError(.invalid, code: "file_too_large", description)
        default: DomainError(.conflict, code: "storage_failed", description)
        }
    }
}

/// Receives a blob as it streams in: appends to a temporary file and hashes in one pass, refuses
/// more than `limit` bytes, and fsyncs before anyone may rely on it. Never holds more than one chunk.
public final class BlobSpool {
    public let file: URL
    private let limit: Int64
    private var descriptor: Int32
    private var hasher = SHA256()
    private var size: Int64 = 0
    private var prefix: [UInt8] = []
    private var lineFeeds = 0
    private var lastByte: UInt8 = 0x0A

    public init(directory: URL, limit: Int64) throws(BlobError) {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(directory.path): \(error.localizedDescription)")
        }
        file = directory.appendingPathComponent("spool-\(UUID().uuidString.lowercased())")
        self.limit = limit
        descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .io("cannot create \(file.path): \(String(cString: strerror(errno)))") }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(file.path)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(BlobError) {
        guard bytes.count > 0 else { return }
        guard size + Int64(bytes.count) <= limit else { throw .tooLarge(limit: limit) }
        hasher.update(bufferPointer: bytes)
        lineFeeds += Self.countLineFeeds(bytes)
        lastByte = bytes[bytes.count - 1]
        if prefix.count < ContentSniffer.prefixLength {
            prefix.append(contentsOf: bytes.prefix(ContentSniffer.prefixLength - prefix.count))
        }
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw errno == ENOSPC || errno == EDQUOT ? .diskFull(file.deletingLastPathComponent().path) : .io(String(cString: strerror(errno)))
            }
            offset += written
        }
        size += Int64(bytes.count)
    }

    public func write(_ bytes: [UInt8]) throws(BlobError) {
        var failure: BlobError?
        bytes.withUnsafeBytes { buffer in
            do throws(BlobError) { try write(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes to disk and closes. The caller commits the file to a store or discards it.
    public func finish() throws(BlobError) -> SpooledBlob {
        guard size > 0 else { throw .empty }
        guard fsync(descriptor) == 0 else {
            throw errno == ENOSPC ? .diskFull(file.deletingLastPathComponent().path) : .io("fsync failed: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        descriptor = -1
        return SpooledBlob(
            file: file, sha256: hasher.finalize().hex, size: size, prefix: prefix,
            lineFeeds: lineFeeds + (lastByte == 0x0A ? 0 : 1))
    }

    /// Counts `\n` with memchr, which scans many bytes per step.
    static func countLineFeeds(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard var cursor = bytes.baseAddress else { return 0 }
        let end = cursor + bytes.count
        var count = 0
        while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
            count += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return count
    }

    /// Removes spool files left by a process that died mid-upload (they were never acknowledged).
    /// Only old ones: a CLI may be spooling into the same folder right now.
    @discardableResult
    public static func removeStale(in directory: URL, olderThan age: TimeInterval = 3600, now: Date = Date()) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        var removed = 0
        for file in files where file.lastPathComponent.hasPrefix("spool-") {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? now
            if now.timeIntervalSince(modified) > age, unlink(file.path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Spools a local file in 1 MiB chunks.
    public static func spool(contentsOf url: URL, into directory: URL, limit: Int64) throws(BlobError) -> SpooledBlob {
        let spool = try BlobSpool(directory: directory, limit: limit)
        let input = open(url.path, O_RDONLY)
        guard input >= 0 else { throw .io("cannot read \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress!, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("cannot read \(url.path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            try spool.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return try spool.finish()
    }
}
