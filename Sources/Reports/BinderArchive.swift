import ComplianceCore
import Crypto
import Foundation
import ZIPFoundation

/// Writes an audit binder: a ZIP of files, each hashed on the way in, plus `manifest.json` listing
/// every file's SHA-256 and size. Files come from memory or from disk (evidence is streamed from a
/// temporary copy, never held whole).
public struct BinderArchive {
    public enum Source: Sendable {
        case data(Data)
        case file(URL)
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
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
            entries.append(Entry(path: path, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(), bytes: Int64(data.count)))
        case .file(let url):
            try archive.addEntry(with: path, fileURL: url, compressionMethod: .deflate)
            var hasher = SHA256()
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var total: Int64 = 0
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                total += Int64(chunk.count)
            }
            entries.append(Entry(path: path, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes: total))
        }
    }
}
