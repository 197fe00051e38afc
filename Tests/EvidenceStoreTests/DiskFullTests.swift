import ComplianceCore
import EvidenceStore
import Foundation
import Testing

/// A 1 MiB tmpfs to fill up; only where this process may mount one (root, as in CI).
enum SmallDisk {
    static func mount() -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-full-\(UUID())")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = ["-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.path]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? folder : nil
    }

    static func unmount(_ folder: URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/umount")
        process.arguments = [folder.path]
        try? process.run()
        process.waitUntilExit()
    }

    static let available: Bool = {
        guard let folder = mount() else { return false }
        unmount(folder)
        return true
    }()
}

@Suite("A full disk", .enabled(if: SmallDisk.available, "needs permission to mount a tmpfs"))
struct DiskFullTests {
    @Test func aFullDiskIsAClearErrorAndLeavesNothingHalfWritten() async throws {
        let disk = try #require(SmallDisk.mount())
        defer { SmallDisk.unmount(disk) }
        let store = FileBlobStore(root: disk.appendingPathComponent("blobs"))
        let big = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID())")
        try Data(repeating: 7, count: 2 << 20).write(to: big)
        let error = await #expect(throws: BlobError.self) { try await store.store(contentsOf: big, limit: 1 << 30) }
        guard case .diskFull = error else {
            Issue.record("expected diskFull, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("disk is full") == true)
        // Nothing half written stays behind, and the disk takes a small file again.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: store.spoolDirectory.path))?.isEmpty ?? true)
        let small = FileManager.default.temporaryDirectory.appendingPathComponent("small-\(UUID())")
        try Data("fits".utf8).write(to: small)
        let stored = try await store.store(contentsOf: small, limit: 1 << 20)
        #expect(try await store.check(stored.sha256) == .intact)
    }
}
