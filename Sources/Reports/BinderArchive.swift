import ComplianceCore
import Crypto
import Foundation
import ZIPFoundation

/// Writes an audit binder: a ZIP of files, each hashed on the way in, plus `manifest.json` listing
/// every file's SHA-256 and size. Files come from memory, hashed here, or from disk with the digest
/// the caller already checked (evidence, whose blob store re-hashes it on every read).
public struct BinderArchive {
    public enum Source: Sendable {
        case data(Data)
        case file(URL, sha256: String, bytes: Int64)
    }

    public struct Entry: Codable, Sendable, Hashable {
        public let path: String
        public let sha256: String
        public let bytes: Int64
    }

    private let archive: Archive
    public private(set) var entries: [Entry] = []

    public init(creating url: URL) throws {
        archive = try Archive(url: url, accessMode: .create)
    }

    public mutating func add(_ path: String, _ source: Source) throws {
        switch source {
        case .data(let data):
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
            entries.append(Entry(path: path, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(), bytes: Int64(data.count)))
        case .file(let url, let sha256, let bytes):
            try archive.addEntry(with: path, fileURL: url, compressionMethod: .deflate)
            entries.append(Entry(path: path, sha256: sha256, bytes: bytes))
        }
    }
}
