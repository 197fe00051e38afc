import ComplianceCore
import EvidenceStore
import Foundation
import TestSupport
import Testing
import UseCases

/// Issue 11, finding 8: blobs and spool files left by crashes are found, and removed only when asked
/// and only when old enough that no upload can still be on its way to its record.
@Suite("attest gc")
struct GarbageCollectionTests {
    @Test(arguments: TestDatabase.available)
    func orphansAndStaleSpoolAreFoundAndReferencedBlobsStay(_ database: TestDatabase) async throws {
        try await EvidenceWorld.run(database) { world in
            let (_, owner) = try await world.fixtures.organization("acme")
            let scope = try await world.fixtures.scope("acme", as: owner)
            let kept = try #require(try await world.add("user,reviewed\nsam,yes\n", in: scope).latest)
            let blobs = FileBlobStore(root: world.blobRoot)
            let hour = Date().addingTimeInterval(-7200)
            // A blob committed by an upload that crashed before its record, and one that is still on its way.
            let orphan = String(repeating: "ab", count: 32)
            let fresh = String(repeating: "cd", count: 32)
            for (sha, date) in [(orphan, hour), (fresh, Date())] {
                let url = world.blobRoot.appendingPathComponent("\(sha.prefix(2))/\(sha.dropFirst(2).prefix(2))/\(sha)")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("lost".utf8).write(to: url)
                try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
            }
            try FileManager.default.createDirectory(at: blobs.spoolDirectory, withIntermediateDirectories: true)
            let spool = blobs.spoolDirectory.appendingPathComponent("upload-\(UUID().uuidString)")
            try Data("half an upload".utf8).write(to: spool)
            try FileManager.default.setAttributes([.modificationDate: hour], ofItemAtPath: spool.path)

            let collection = GarbageCollection(store: world.store, blobs: blobs)
            let found = try await collection.find(grace: 3600)
            #expect(found.orphanBlobs.map(\.sha256) == [orphan], "the young blob and the referenced one are left alone")
            #expect(found.staleSpool.map(\.url.lastPathComponent) == [spool.lastPathComponent])
            #expect(FileManager.default.fileExists(atPath: spool.path), "finding removes nothing")
            #expect(collection.remove(found) == 2)
            #expect(try await collection.find(grace: 3600).orphanBlobs.isEmpty)
            #expect(try await blobs.check(kept.sha256) == .intact, "evidence still reads")
        }
    }
}
