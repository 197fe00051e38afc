import ComplianceCore
import EvidenceStore
import Foundation
import Persistence

/// What a backup holds, with the digests a restore checks before it trusts a byte.
public struct BackupManifest: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public let file: String
        public let sha256: String
        public let bytes: Int64
    }

    public struct Head: Codable, Sendable {
        public let organization: String
        public let treeSize: Int
        public let rootHash: String

        enum CodingKeys: String, CodingKey {
            case organization
            case treeSize = "tree_size"
            case rootHash = "root_hash"
        }
    }

    public let format: String
    public let createdAt: Date
    /// `sqlite` (an online copy, `VACUUM INTO`) or `postgresql` (`pg_dump --format=custom`).
    public let databaseKind: String
    public let database: Entry
    public let keys: [Entry]
    /// Blobs are stored under their SHA-256, so their names are their digests.
    public let blobCount: Int
    public let blobBytes: Int64
    /// Set when the blobs live in S3 and are not in the backup.
    public let blobNote: String?
    /// Each organisation's latest signed head at backup time: the restored log must extend it.
    public let heads: [Head]

    public static let formatName = "attest-backup-v1"

    enum CodingKeys: String, CodingKey {
        case format, database, keys, heads
        case createdAt = "created_at"
        case databaseKind = "database_kind"
        case blobCount = "blob_count"
        case blobBytes = "blob_bytes"
        case blobNote = "blob_note"
    }
}

/// `attest backup` and `attest restore`: the database copied online, the blobs, the signing keys
/// and a manifest of digests; a restore checks every digest before it writes, refuses to overwrite,
/// and is followed by `attest verify` of every organisation.
public enum Backup {
    public struct Layout: Sendable {
        public let database: DatabaseLocation
        /// The file blob store's root; nil when blobs live in S3.
        public let blobRoot: URL?
        public let keyDirectory: URL

        public init(database: DatabaseLocation, blobRoot: URL?, keyDirectory: URL) {
            self.database = database
            self.blobRoot = blobRoot
            self.keyDirectory = keyDirectory
        }
    }

    /// Writes a backup of `layout` into `output`, which must not exist or be empty.
    public static func write(store: Store, layout: Layout, to output: URL, now: Date = Date(), progress: @Sendable (String) -> Void) async throws
        -> BackupManifest
    {
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: output.path), !existing.isEmpty {
            throw DomainError.invalid("output", "\(output.path) is not empty; a backup goes into a new directory.")
        }
        try files.createDirectory(at: output, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // The heads first: everything the copy holds is at least this.
        var heads: [BackupManifest.Head] = []
        for organization in try await store.organizations.all() {
            if let head = try await store.log.latestHead(of: organization.id) {
                heads.append(.init(organization: organization.slug.rawValue, treeSize: head.head.treeSize, rootHash: head.head.rootHash.hex))
            }
        }
        let databaseKind: String
        let databaseFile: URL
        switch layout.database {
        case .sqliteFile:
            databaseKind = "sqlite"
            databaseFile = output.appendingPathComponent("attest.sqlite")
            progress("copying the SQLite database online (VACUUM INTO)")
            try await store.database.execute("VACUUM INTO '\(databaseFile.path.replacingOccurrences(of: "'", with: "''"))'")
        case .postgres(let url):
            databaseKind = "postgresql"
            databaseFile = output.appendingPathComponent("attest.pgdump")
            progress("dumping PostgreSQL (pg_dump --format=custom)")
            try PostgresTools.run("pg_dump", ["--format=custom", "--no-owner", "--file", databaseFile.path, "--dbname", url])
        case .sqliteMemory:
            throw DomainError.invalid("database", "an in-memory database has nothing to back up.")
        }
        // Blobs after the database: they are written before the rows that name them, so every blob
        // the copy refers to is already on disk.
        var blobCount = 0
        var blobBytes: Int64 = 0
        if let root = layout.blobRoot {
            progress("copying blobs")
            (blobCount, blobBytes) = try copyBlobs(from: root, to: output.appendingPathComponent("blobs"), check: false, progress: progress)
        }
        let keyOutput = output.appendingPathComponent("keys")
        try files.createDirectory(at: keyOutput, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var keys: [BackupManifest.Entry] = []
        for name in ((try? files.contentsOfDirectory(atPath: layout.keyDirectory.path)) ?? []).sorted() where name.hasSuffix(".ed25519") {
            let target = keyOutput.appendingPathComponent(name)
            try files.copyItem(at: layout.keyDirectory.appendingPathComponent(name), to: target)
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
            keys.append(try entry(target, name: "keys/\(name)"))
        }
        let manifest = BackupManifest(
            format: BackupManifest.formatName, createdAt: now.roundedToMilliseconds, databaseKind: databaseKind,
            database: try entry(databaseFile, name: databaseFile.lastPathComponent), keys: keys, blobCount: blobCount, blobBytes: blobBytes,
            blobNote: layout.blobRoot == nil ? "Blobs are in S3 and not in this backup: keep the bucket versioned or replicated." : nil,
            heads: heads)
        try CanonicalJSON.readableEncoder.encode(manifest).write(to: output.appendingPathComponent("manifest.json"), options: .atomic)
        return manifest
    }

    /// Restores a backup into `layout`, whose database must be empty or absent and whose blob and
    /// key directories are filled. Every digest is checked before anything is written.
    public static func restore(from input: URL, into layout: Layout, progress: @Sendable (String) -> Void) throws -> BackupManifest {
        let files = FileManager.default
        let manifestFile = input.appendingPathComponent("manifest.json")
        guard let size = (try? files.attributesOfItem(atPath: manifestFile.path))?[.size] as? Int, size <= 16 << 20,
            let data = files.contents(atPath: manifestFile.path)
        else { throw DomainError.invalid("backup", "\(input.path) has no readable manifest.json.") }
        let manifest: BackupManifest
        do { manifest = try CanonicalJSON.decoder.decode(BackupManifest.self, from: data) } catch {
            throw DomainError.invalid("backup", "manifest.json is not an Attest backup manifest: \(error)")
        }
        guard manifest.format == BackupManifest.formatName else {
            throw DomainError.invalid("backup", "manifest.json is format '\(manifest.format.prefix(40))', not \(BackupManifest.formatName).")
        }
        for item in [manifest.database] + manifest.keys {
            guard !item.file.contains(".."), !item.file.hasPrefix("/") else {
                throw DomainError.invalid("backup", "the manifest names '\(item.file)'.")
            }
            let actual = try FileBlobStore.sha256(of: input.appendingPathComponent(item.file))
            guard actual == item.sha256 else {
                throw DomainError.invalid(
                    "backup", "\(item.file) has changed since the backup: its SHA-256 is \(actual), the manifest says \(item.sha256).")
            }
        }
        progress("the database and \(manifest.keys.count) keys match the manifest")
        let source = input.appendingPathComponent(manifest.database.file)
        switch (layout.database, manifest.databaseKind) {
        case (.sqliteFile(let path), "sqlite"):
            guard !files.fileExists(atPath: path) else {
                throw DomainError.invalid("data_dir", "\(path) exists; restore into a new data directory (nothing was written).")
            }
            try files.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try files.copyItem(at: source, to: URL(fileURLWithPath: path))
        case (.postgres(let url), "postgresql"):
            progress("restoring PostgreSQL (pg_restore into the empty database)")
            try PostgresTools.run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", url, source.path])
        default:
            throw DomainError.invalid("database", "this backup is of \(manifest.databaseKind); restore it into the same kind of database.")
        }
        if let root = layout.blobRoot, files.fileExists(atPath: input.appendingPathComponent("blobs").path) {
            progress("copying \(manifest.blobCount) blobs, each checked against its name")
            let (count, _) = try copyBlobs(from: input.appendingPathComponent("blobs"), to: root, check: true, progress: progress)
            guard count == manifest.blobCount else {
                throw DomainError.invalid("backup", "the backup holds \(count) blobs, the manifest \(manifest.blobCount).")
            }
        }
        try files.createDirectory(at: layout.keyDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for key in manifest.keys {
            let target = layout.keyDirectory.appendingPathComponent(URL(fileURLWithPath: key.file).lastPathComponent)
            if files.fileExists(atPath: target.path) { continue }
            try files.copyItem(at: input.appendingPathComponent(key.file), to: target)
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
        return manifest
    }

    /// Copies a blob tree (`aa/bb/<sha256>`); with `check`, every file must hash to its name.
    static func copyBlobs(from source: URL, to target: URL, check: Bool, progress: @Sendable (String) -> Void) throws -> (Int, Int64) {
        let files = FileManager.default
        var count = 0
        var bytes: Int64 = 0
        guard let walker = files.enumerator(at: source, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey]) else { return (0, 0) }
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let name = url.lastPathComponent
            guard name.count == 64, name.allSatisfy(\.isHexDigit) else { continue }
            if check {
                let actual = try FileBlobStore.sha256(of: url)
                guard actual == name else { throw DomainError.invalid("backup", "blob \(name) in the backup has changed: it hashes to \(actual).") }
            }
            let destination = FileBlobStore(root: target).path(name)
            try files.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !files.fileExists(atPath: destination.path) { try files.copyItem(at: url, to: destination) }
            count += 1
            bytes += Int64((try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
            if count % 10_000 == 0 { progress("… \(count) blobs") }
        }
        return (count, bytes)
    }

    static func entry(_ url: URL, name: String) throws -> BackupManifest.Entry {
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return .init(file: name, sha256: try FileBlobStore.sha256(of: url), bytes: Int64(size))
    }
}

/// PostgreSQL's own dump and restore tools, found on PATH or in Debian's versioned directories.
enum PostgresTools {
    static func run(_ tool: String, _ arguments: [String]) throws {
        let candidates =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(tool)" }
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed().map {
                "/usr/lib/postgresql/\($0)/bin/\(tool)"
            }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw DomainError.invalid("database", "\(tool) is not installed (Debian: postgresql-client).")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DomainError.invalid(
                "database", "\(tool) failed (exit \(process.terminationStatus)): \(String(decoding: message, as: UTF8.self).prefix(600))")
        }
    }
}
