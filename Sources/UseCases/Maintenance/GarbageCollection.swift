import ComplianceCore
import EvidenceStore
import Foundation
import Persistence

/// Finds what crashes and refused uploads leave behind: blobs that no evidence version of any
/// organisation references, and spool files of uploads that never finished. Only what is older
/// than `grace` counts, so an upload in flight (blob committed, record not yet written) is never
/// touched. Nothing is removed unless asked.
public struct GarbageCollection: Sendable {
    public struct Finding: Sendable {
        public let orphanBlobs: [StoredFile]
        public let staleSpool: [StoredFile]
        public var bytes: Int64 { (orphanBlobs + staleSpool).reduce(0) { $0 + $1.size } }
    }

    let store: Store
    let blobs: FileBlobStore

    public init(store: Store, blobs: FileBlobStore) {
        self.store = store
        self.blobs = blobs
    }

    public func find(grace: TimeInterval = 3600, now: Date = Date()) async throws -> Finding {
        // Listed before the references are read: a blob committed after this listing is not in it.
        let files = blobs.storedFiles()
        var referenced = Set<String>()
        for organization in try await store.organizations.all() {
            for version in try await store.evidence.blobDigests(of: organization.id) { referenced.insert(version.sha256) }
        }
        let old = { (file: StoredFile) in now.timeIntervalSince(file.modified) > grace }
        return Finding(
            orphanBlobs: files.blobs.filter { old($0) && !referenced.contains($0.sha256 ?? "") }.sorted { $0.url.path < $1.url.path },
            staleSpool: files.spool.filter(old).sorted { $0.url.path < $1.url.path })
    }

    /// Removes what `find` found; returns how many files went.
    public func remove(_ finding: Finding) -> Int {
        (finding.orphanBlobs + finding.staleSpool).filter { (try? FileManager.default.removeItem(at: $0.url)) != nil }.count
    }
}
